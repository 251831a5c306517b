package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func mwiEvent(m control.MWI) control.Event { return control.Event{Kind: control.KindMWI, MWI: &m} }

func TestPresentMWI(t *testing.T) {
	tests := []struct {
		m    control.MWI
		want string
	}{
		{control.MWI{}, ""},
		{control.MWI{Waiting: false, New: 0, Old: 8}, ""},
		{control.MWI{Waiting: true, New: 2, Old: 8}, "Voicemail: 2 new, 8 old"},
		{control.MWI{Waiting: true}, "Voicemail waiting"},
		{control.MWI{Waiting: false, New: 1}, "Voicemail: 1 new, 0 old"},
	}
	for _, tt := range tests {
		if got := presentMWI(tt.m); got != tt.want {
			t.Errorf("presentMWI(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// TestVoicemailIndicator: the header shows the voicemail indicator while messages wait,
// tapping it calls voicemailnumber, and it hides when the box is empty again.
func TestVoicemailIndicator(t *testing.T) {
	h := newHarness(t, map[string]string{"serveraddress": "pbx", "voicemailnumber": "*97"})
	mwi := h.w.header.mwi
	if mwi.Visible() {
		t.Fatal("voicemail indicator shown with nothing waiting")
	}
	h.push(mwiEvent(control.MWI{Waiting: true, New: 2, Old: 8}))
	if !mwi.Visible() || mwi.Text != "Voicemail: 2 new, 8 old" {
		t.Fatalf("indicator visible %v, text %q", mwi.Visible(), mwi.Text)
	}
	test.Tap(mwi)
	h.settle()
	assertCommands(t, h.fake, "Call *97")
	h.push(mwiEvent(control.MWI{}))
	if mwi.Visible() {
		t.Errorf("indicator still shown after the box emptied")
	}
}

// TestVoicemailWithoutNumber: with no voicemailnumber, tapping the indicator calls nothing and
// the notice names the parameter to set.
func TestVoicemailWithoutNumber(t *testing.T) {
	h := newHarness(t, nil)
	h.push(mwiEvent(control.MWI{Waiting: true, New: 1}))
	test.Tap(h.w.header.mwi)
	h.settle()
	assertCommands(t, h.fake)
	if got, _ := h.vm.Notice.Get(); got != "No voicemail number: set it in the voicemailnumber parameter" {
		t.Errorf("notice %q, want one naming voicemailnumber", got)
	}
}
