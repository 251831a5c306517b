package ui

import (
	"testing"

	"softphone/phone/control"
)

// TestCreditLabel: the header shows no balance until a CREDIT event, then the latest one.
func TestCreditLabel(t *testing.T) {
	h := newHarness(t, map[string]string{"serveraddress": "pbx"})
	label := h.w.header.credit
	if label.Visible() {
		t.Fatal("credit label shown before any balance")
	}
	for _, answer := range []string{"12.50 EUR", "11.90 EUR"} {
		h.push(control.Event{Kind: control.KindCredit, Message: answer, Notification: "CREDIT," + answer})
		if !label.Visible() || label.Text != "Credit: "+answer {
			t.Errorf("label visible %v, text %q; want Credit: %s", label.Visible(), label.Text, answer)
		}
	}
}
