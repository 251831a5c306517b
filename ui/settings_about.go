package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// aboutSection is the About card: brand, version and the provider's support links.
type aboutSection struct {
	content fyne.CanvasObject
	brand   *widget.Label
	version *widget.Label
	links   []*widget.Hyperlink
}

// newAboutSection reads the brand and support links from the phone's parameters; links
// that are unset or not absolute http(s) URLs are left out.
func newAboutSection(vm *ViewModel, version string) *aboutSection {
	brand := vm.param(paramBrandName)
	if brand == "" {
		brand = "Softphone"
	}
	if version == "" {
		version = lang.L("unknown")
	}
	a := &aboutSection{
		brand:   widget.NewLabelWithStyle(brand, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		version: widget.NewLabel(lang.L("Version {{.Version}}", map[string]any{"Version": version})),
	}
	box := container.NewVBox(a.brand, a.version)
	for _, name := range supportParams() {
		raw, err := vm.ctrl.GetParameter(name)
		if err != nil || raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			vm.log.Info("support link ignored", "name", name, "value", raw)
			continue
		}
		link := widget.NewHyperlink(raw, u)
		a.links = append(a.links, link)
		box.Add(link)
	}
	a.content = box
	return a
}
