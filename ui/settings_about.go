package ui

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// aboutSection is the About card: brand, company, version and the provider's links.
type aboutSection struct {
	content fyne.CanvasObject
	brand   *widget.Label
	company *widget.Label // nil without companyname
	version *widget.Label
	links   []*widget.Hyperlink
}

// aboutLink is a parameter holding one of the provider's links and the text it is shown with.
type aboutLink struct {
	param, title string // title is translated; "" shows the value alone
}

// aboutLinks are the provider's links in the order the About card shows them (the seed's
// homepage, supporturl, supportmail, helpurl, accounturi, licenseurl, extramenuurl).
func aboutLinks() []aboutLink {
	return []aboutLink{
		{"homepage", lang.L("Home page")}, {"supporturl", lang.L("Support")},
		{"supportmail", lang.L("Support e-mail")}, {"helpurl", lang.L("Help")},
		{"accounturi", lang.L("My account")}, {"licenseurl", lang.L("License agreement")},
		{"extramenuurl", ""},
	}
}

// newAboutSection reads the brand, company, version and links from the phone's parameters;
// version is the build's, shown when the version parameter is empty. A link exists only when
// its parameter is set; a value that is not an absolute http(s) URL (or, for supportmail, an
// address) is left out and logged.
func newAboutSection(vm *ViewModel, version string) *aboutSection {
	brand := vm.param(paramBrandName)
	if brand == "" {
		brand = "Softphone"
	}
	if v := vm.param("version"); v != "" {
		version = v
	}
	if version == "" {
		version = lang.L("unknown")
	}
	a := &aboutSection{
		brand:   widget.NewLabelWithStyle(brand, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		version: widget.NewLabel(lang.L("Version {{.Version}}", map[string]any{"Version": version})),
	}
	box := container.NewVBox(a.brand)
	if c := vm.param("companyname"); c != "" {
		a.company = widget.NewLabel(c)
		box.Add(a.company)
	}
	box.Add(a.version)
	for _, l := range aboutLinks() {
		raw := vm.param(l.param)
		if raw == "" {
			continue
		}
		u, ok := aboutURL(l.param, raw)
		if !ok {
			vm.log.Info("about link ignored", "name", l.param, "value", raw)
			continue
		}
		title := raw
		switch {
		case l.param == "extramenuurl":
			if t := vm.param("extramenuxt"); t != "" {
				title = t
			}
		case l.title != "":
			title = l.title + ": " + raw
		}
		link := widget.NewHyperlink(title, u)
		a.links = append(a.links, link)
		box.Add(link)
	}
	a.content = box
	return a
}

// aboutURL parses a link parameter's value: an absolute http(s) URL, or for supportmail an
// e-mail address made a mailto: URL.
func aboutURL(param, raw string) (*url.URL, bool) {
	if param == "supportmail" {
		return &url.URL{Scheme: "mailto", Opaque: raw}, raw != "" && !strings.ContainsAny(raw, " \t\r\n:/?")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}
