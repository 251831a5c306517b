// Package assets bundles the softphone's icons and other static files into the binary.
package assets

import (
	_ "embed" // for go:embed
	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon returns the application icon: a white handset on a blue circle, 256x256 PNG.
func Icon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", iconPNG)
}
