// Package skins holds the skin files that brand the softphone (brand name and colours) and
// reads them. The default skin is embedded; later milestones add screens, buttons and strings.
package skins

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed default/*
var files embed.FS

// ErrUnknownSkin is returned by Load for a skin name that is not bundled.
var ErrUnknownSkin = errors.New("unknown skin")

// ErrInvalidSkin is returned when a skin file cannot be parsed or holds a bad value.
var ErrInvalidSkin = errors.New("invalid skin")

// Skin is a parsed skin file.
type Skin struct {
	// BrandName is the product name shown in the window header and title.
	BrandName string
	// Colors maps a colour role (primary, background, foreground, success, danger) to #RRGGBB.
	Colors map[string]string
}

// file mirrors skin.toml.
type file struct {
	BrandName string            `toml:"brandname"`
	Colors    map[string]string `toml:"colors"`
}

// Load returns the bundled skin called name (e.g. "default").
func Load(name string) (Skin, error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return Skin{}, fmt.Errorf("%w: bad name %q", ErrUnknownSkin, name)
	}
	data, err := files.ReadFile(path.Join(name, "skin.toml"))
	if errors.Is(err, fs.ErrNotExist) {
		return Skin{}, fmt.Errorf("%w: %q", ErrUnknownSkin, name)
	}
	if err != nil {
		return Skin{}, fmt.Errorf("read skin %q: %w", name, err)
	}
	s, err := Parse(data)
	if err != nil {
		return Skin{}, fmt.Errorf("skin %q: %w", name, err)
	}
	return s, nil
}

// Parse reads the text of a skin.toml file and checks that every colour is #RRGGBB.
func Parse(data []byte) (Skin, error) {
	var f file
	if _, err := toml.Decode(string(data), &f); err != nil {
		return Skin{}, fmt.Errorf("%w: %v", ErrInvalidSkin, err)
	}
	for role, c := range f.Colors {
		if !isHexColor(c) {
			return Skin{}, fmt.Errorf("%w: colors.%s = %q, want #RRGGBB", ErrInvalidSkin, role, c)
		}
	}
	if f.Colors == nil {
		f.Colors = map[string]string{}
	}
	return Skin{BrandName: f.BrandName, Colors: f.Colors}, nil
}

// isHexColor reports whether s is # followed by exactly six hex digits.
func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
