package skins

import (
	"image/color"
	"strconv"
)

// parseColor reads #RRGGBB; ok is false for anything else.
func parseColor(s string) (c color.NRGBA, ok bool) {
	if len(s) != 7 || s[0] != '#' {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, true
}

// isHexColor reports whether s is # followed by exactly six hex digits.
func isHexColor(s string) bool {
	_, ok := parseColor(s)
	return ok
}
