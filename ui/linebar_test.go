package ui

import (
	"testing"

	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// button returns the button showing line, or nil.
func (b *lineBar) button(line int) *widget.Button {
	for i, l := range b.lines {
		if l.line == line {
			return b.buttons[i]
		}
	}
	return nil
}

// TestLineButtonPadlock: the line button of an encrypted connected call carries the padlock;
// a plain call's does not, and the padlock goes when the line stops being encrypted.
func TestLineButtonPadlock(t *testing.T) {
	h := newHarness(t, nil)
	secure := control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222",
		CallID: "a", Codec: "PCMU", Encrypted: true, Connected: h.clock.Now()}
	plain := control.Line{Line: 2, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "3333",
		CallID: "b", Codec: "PCMU", Connected: h.clock.Now()}
	h.push(lineEvent(secure), lineEvent(plain))
	bar := h.w.phone.lines
	if b := bar.button(1); b == nil || b.Icon == nil {
		t.Fatalf("encrypted line 1: button %v, want the padlock icon", b)
	}
	if b := bar.button(2); b == nil || b.Icon != nil {
		t.Fatalf("plain line 2: button %v, want no icon", b)
	}
	secure.Encrypted = false
	h.push(lineEvent(secure))
	if b := bar.button(1); b.Icon != nil {
		t.Errorf("line 1 no longer encrypted still shows the padlock")
	}
}
