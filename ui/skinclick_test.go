package ui

import (
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// TestClickToCallIncomingCall: a call ringing in while the click2call skin is up shows the
// banner with Answer (the big button stays), and Answer accepts that line.
func TestClickToCallIncomingCall(t *testing.T) {
	h := newSkinHarness(t, loadSkin(t, "click2call"), nil)
	h.w.win.Resize(goldenSize())
	h.push(lineEvent(control.Line{Line: 2, State: control.StateRinging, Direction: control.DirectionIncoming,
		Peer: "3333", PeerDisplayName: "Front desk", CallID: "in-1"}))
	h.settle()
	answer := firstVisibleButton(h.w.win.Content())
	if answer == nil || answer.Text != "Answer" {
		t.Fatalf("first visible button %v, want Answer in the incoming banner", answer)
	}
	if size := answer.Size(); size.Width <= 0 || size.Height <= 0 {
		t.Fatalf("Answer is laid out at %v: the banner did not get room", size)
	}
	checkGolden(t, filepath.Join("golden", "click2call", "incoming.png"), h.w.win.Canvas().Capture())
	test.Tap(answer)
	h.settle()
	if !slices.Contains(h.fake.commands(), "Accept 2") {
		t.Fatalf("commands = %q, want Accept 2", h.fake.commands())
	}
}
