package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"softphone/phone/control"
)

// paramVoicemail is the number that calls the voicemail box.
const paramVoicemail = "voicemailnumber"

// voicemailSVG is the voicemail sign on a 24x24 grid: two reels joined by a tape.
const voicemailSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">` +
	`<path d="M6.5 7a4.5 4.5 0 0 0 0 9h11a4.5 4.5 0 1 0-3.46-1.62L14.1 14.4H9.9l.06-.02A4.5 4.5 0 0 0 6.5 7z` +
	`m0 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zm11 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z"/></svg>`

// voicemailIcon is the voicemail sign in the theme's primary colour.
func voicemailIcon() fyne.Resource {
	return theme.NewPrimaryThemedResource(fyne.NewStaticResource("voicemail.svg", []byte(voicemailSVG)))
}

// presentMWI is the voicemail indicator's text: the new and old message counts while
// messages wait (RFC 3842), "Voicemail waiting" when the server gives no counts, and empty
// (hidden) when nothing waits.
func presentMWI(m control.MWI) string {
	switch {
	case m.New > 0 || (m.Waiting && m.Old > 0):
		return lang.L("Voicemail: {{.New}} new, {{.Old}} old", map[string]any{"New": m.New, "Old": m.Old})
	case m.Waiting:
		return lang.L("Voicemail waiting")
	}
	return ""
}

// CallVoicemail dials the voicemailnumber parameter; without one the notice says which
// parameter to set.
func (v *ViewModel) CallVoicemail() error {
	number := v.param(paramVoicemail)
	if number == "" {
		v.setNotice(lang.L("No voicemail number: set it in the voicemailnumber parameter"))
		return ErrEmptyNumber
	}
	return v.Dial(number)
}
