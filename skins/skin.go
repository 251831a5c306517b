// Package skins reads the skin files that brand the softphone: brand and company names,
// header and footer text, logo, colours, font and touch sizes, string overrides, and which
// screens and buttons the window shows. Four skins are bundled (default, dark, click2call,
// kiosk); a provider brands the phone without rebuilding it by pointing the skin parameter at a
// folder holding a skin.toml and its assets.
package skins

import (
	"image/color"
	"slices"
)

// Screen names a skin may list in screens.
const (
	ScreenPhone    = "phone"
	ScreenContacts = "contacts"
	ScreenChat     = "chat"
	ScreenHistory  = "history"
	ScreenSettings = "settings"
)

// Button names a skin may list in buttons; a button left out is not shown.
const (
	ButtonHold       = "hold"       // Hold/Resume in the call panel
	ButtonMute       = "mute"       // Mute/Unmute in the call panel
	ButtonTransfer   = "transfer"   // the Transfer form in the call panel
	ButtonConference = "conference" // the Conference form in the call panel
	ButtonRecord     = "record"     // Record/Stop recording in the call panel
	ButtonDTMF       = "dtmf"       // the dialpad (and typed digits) sending DTMF during a call
	ButtonRedial     = "redial"     // Redial beside Call
	ButtonQuit       = "quit"       // closing the window and Quit in the tray
	ButtonSettings   = "settings"   // reserved for a settings button; the screen is in screens
)

// Layout names for the layout key.
const (
	// LayoutStandard is the tabbed window.
	LayoutStandard = "standard"
	// LayoutClick2Call is one big button that calls CallNumber, and nothing else.
	LayoutClick2Call = "click2call"
)

// Colour roles a skin may set under [colors].
const (
	ColorPrimary    = "primary"
	ColorBackground = "background"
	ColorForeground = "foreground"
	ColorButton     = "button"
	ColorSuccess    = "success"
	ColorDanger     = "danger"
)

// Screens returns every screen name, in tab order.
func Screens() []string {
	return []string{ScreenPhone, ScreenContacts, ScreenChat, ScreenHistory, ScreenSettings}
}

// Buttons returns every button name.
func Buttons() []string {
	return []string{ButtonHold, ButtonMute, ButtonTransfer, ButtonConference, ButtonRecord,
		ButtonDTMF, ButtonRedial, ButtonQuit, ButtonSettings}
}

// ColorRoles returns every colour role.
func ColorRoles() []string {
	return []string{ColorPrimary, ColorBackground, ColorForeground, ColorButton, ColorSuccess, ColorDanger}
}

// Skin is a parsed, checked skin.
type Skin struct {
	// Name is the bundled name or the folder the skin was read from.
	Name string
	// File is the path of its skin.toml, as named in errors.
	File string
	// BrandName is the product name in the title and header; empty leaves the brandname parameter.
	BrandName string
	// CompanyName is the provider's name shown in About.
	CompanyName string
	// Header is a line of text shown under the brand bar; empty for none.
	Header string
	// Footer is a line of text shown at the bottom of the window; empty for none.
	Footer string
	// Advertisement is an http(s) link shown at the bottom of the window (the seed's
	// advertisement parameter); empty for none. Only parameters set it.
	Advertisement string
	// Logo is the logo's path relative to the skin folder; empty for none.
	Logo string
	// LogoData is the logo file's bytes (PNG or SVG).
	LogoData []byte
	// LogoText is a text shown where the logo goes when there is no logo image (the logo
	// parameter given as text); empty for none.
	LogoText string
	// Colors maps a colour role to #RRGGBB, only for the roles the skin sets; roles left out
	// follow the system's light or dark theme.
	Colors map[string]string
	// FontSize is the body text size in points; 0 keeps the theme's.
	FontSize float32
	// Padding is the space around widgets; 0 keeps the theme's. Large values give large touch
	// targets.
	Padding float32
	// IconSize is the size of icons on buttons; 0 keeps the theme's.
	IconSize float32
	// Strings overrides user-visible strings: English source text -> text to show.
	Strings map[string]string
	// Screens lists the screens shown, in tab order.
	Screens []string
	// Buttons lists the buttons shown.
	Buttons []string
	// Layout is LayoutStandard or LayoutClick2Call.
	Layout string
	// CallNumber is what the click2call button dials.
	CallNumber string
}

// HasScreen reports whether the skin shows the screen called name.
func (s Skin) HasScreen(name string) bool { return slices.Contains(s.Screens, name) }

// HasButton reports whether the skin shows the button called name.
func (s Skin) HasButton(name string) bool { return slices.Contains(s.Buttons, name) }

// Color returns the colour the skin sets for role, and whether it sets one.
func (s Skin) Color(role string) (color.NRGBA, bool) {
	c, ok := parseColor(s.Colors[role])
	return c, ok
}

// Text returns the skin's override for the English text key, or key itself.
func (s Skin) Text(key string) string {
	if v, ok := s.Strings[key]; ok {
		return v
	}
	return key
}
