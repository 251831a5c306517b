package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"softphone/skins"
)

// skinBottom returns what the window shows at its bottom: the skin's footer line and the
// advertisement link, each when set; nil for neither. The advertisement parameter's value
// was checked to be an http(s) URL when it was set.
func skinBottom(s *skins.Skin) fyne.CanvasObject {
	var parts []fyne.CanvasObject
	if s.Footer != "" {
		parts = append(parts, skinLine(skinText(s, s.Footer)))
	}
	if u, err := url.Parse(s.Advertisement); s.Advertisement != "" && err == nil {
		link := widget.NewHyperlink(s.Advertisement, u)
		link.Alignment = fyne.TextAlignCenter
		parts = append(parts, link)
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return container.NewVBox(parts...)
}
