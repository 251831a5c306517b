package ui

import "image/color"

// luminance is the relative luminance of c, 0 (black) to 1 (white).
func luminance(c color.NRGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

// contrast returns white or near-black, whichever reads better on c.
func contrast(c color.NRGBA) color.NRGBA {
	if luminance(c) < 0.6 {
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	return color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff}
}

// mix returns a blended k of the way from a to b (k in 0..1), opaque.
func mix(a, b color.NRGBA, k float64) color.NRGBA {
	ch := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*k + 0.5) }
	return color.NRGBA{R: ch(a.R, b.R), G: ch(a.G, b.G), B: ch(a.B, b.B), A: 0xff}
}
