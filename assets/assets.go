// Package assets bundles the softphone's icons and other static files into the binary.
package assets

import (
	_ "embed" // for go:embed

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

//go:embed phone.svg
var phoneSVG []byte

// Icon returns the application icon: a white handset on a blue circle, 256x256 PNG.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}

// PhoneIcon returns a solid black 24x24 handset glyph as SVG: one filled path, no strokes, so
// it stays legible at tab size and theme.NewThemedResource can recolour all of it to follow
// the theme.
func PhoneIcon() fyne.Resource {
	return fyne.NewStaticResource("phone.svg", phoneSVG)
}
