package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// labelTexts collects the texts of the labels below o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case *widget.Label:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}

// A control whose parameter is read only at start says that a change needs a restart; the
// ones the phone applies at once (or by rebuilding its SIP stack) say nothing.
func TestSettingsRestartHint(t *testing.T) {
	const hint = "Takes effect after a restart"
	for name, want := range map[string]bool{"apiaddress": true, "database": true, "loglevel": true,
		"transport": false, "localport": false, "dnd": false, "codecs": false} {
		if got := restartHint(name) != nil; got != want {
			t.Errorf("restartHint(%s) shown = %v, want %v", name, got, want)
		}
	}
	h, _ := newDevicesHarness(t, nil)
	s := h.w.settings
	if texts := labelTexts(s.form(formItem{"API", widget.NewEntry(), "apiaddress"})); !slices.Contains(texts, hint) {
		t.Errorf("form for apiaddress shows %q, want the hint %q", texts, hint)
	}
	if texts := labelTexts(s.net.content); slices.Contains(texts, hint) {
		t.Errorf("Network card shows %q: transport and local port apply without a restart", texts)
	}
}
