package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func TestCallBringsPhoneTabForward(t *testing.T) {
	ringing := control.Line{Line: 1, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "3333", CallID: "in-1"}
	calling := control.Line{Line: 1, State: control.StateSetup, Direction: control.DirectionOutgoing, Peer: "echo", CallID: "out-1"}
	tests := []struct {
		name   string
		line   control.Line
		raised int
	}{
		{"incoming call rings", ringing, 1},
		{"outgoing call from the API", calling, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.w.tabs.SelectIndex(1)
			h.fake.events <- lineEvent(tt.line)
			h.vm.sync()
			if h.w.tabs.SelectedIndex() != 1 || h.raised != 0 {
				t.Fatal("tab switched or window raised off the UI thread")
			}
			h.queue.drain()
			if got := h.w.tabs.SelectedIndex(); got != 0 {
				t.Fatalf("tab %d selected after the call appeared, want Phone (0)", got)
			}
			if h.raised != tt.raised {
				t.Fatalf("RequestFocus called %d times, want %d", h.raised, tt.raised)
			}

			// The user goes back to Account: later snapshots of the same call leave them there.
			h.w.tabs.SelectIndex(1)
			again := tt.line
			again.Duration = 3
			h.push(lineEvent(again))
			if got := h.w.tabs.SelectedIndex(); got != 1 || h.raised != tt.raised {
				t.Fatalf("update of the same call selected tab %d (raised %d), want 1 (%d)", got, h.raised, tt.raised)
			}
		})
	}
}

func TestEndedCallPanelGoesAway(t *testing.T) {
	ended := control.Line{Line: 1, State: control.StateFinished, Direction: control.DirectionOutgoing, Peer: "2222",
		CallID: "c1", Reason: "Busy Here"}
	tests := []struct {
		name    string
		dismiss func(h *harness)
	}{
		{"after 5 s", func(h *harness) {
			if got := h.timers.live(); len(got) != 1 || got[0] != 5*time.Second {
				t.Fatalf("timers = %v, want one of 5s", got)
			}
			if h.timers.fire() != 1 {
				t.Fatal("no timer fired")
			}
			if !h.w.phone.panel.content.Visible() {
				t.Fatal("panel hidden off the UI thread")
			}
			h.settle()
		}},
		{"typing a number", func(h *harness) {
			test.Type(h.w.phone.entry, "5")
			if got := h.timers.live(); len(got) != 0 {
				t.Fatalf("timers still live after typing: %v", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(ended))
			p := h.w.phone.panel
			if !p.content.Visible() || p.state.Text != "Call ended: Busy Here" {
				t.Fatalf("panel visible %v with %q, want the ended call", p.content.Visible(), p.state.Text)
			}
			tt.dismiss(h)
			if p.content.Visible() {
				t.Fatalf("ended call %q still shown", p.state.Text)
			}
			h.push(lineEvent(ended)) // a repeated snapshot of the dismissed call
			if p.content.Visible() {
				t.Fatal("dismissed call came back with a repeated snapshot")
			}
			next := ended
			next.CallID, next.Reason = "c2", "Bye"
			h.push(lineEvent(next))
			if !p.content.Visible() || p.state.Text != "Call ended: Bye" {
				t.Fatalf("next ended call not shown: %v %q", p.content.Visible(), p.state.Text)
			}
		})
	}
}

func TestEndedTimerDoesNotHideNewCall(t *testing.T) {
	h := newHarness(t, configured)
	h.push(lineEvent(control.Line{Line: 1, State: control.StateFinished, Direction: control.DirectionOutgoing, Peer: "2", CallID: "c1"}))
	h.push(lineEvent(control.Line{Line: 1, State: control.StateSetup, Direction: control.DirectionOutgoing, Peer: "3", CallID: "c2"}))
	if got := h.timers.live(); len(got) != 0 {
		t.Fatalf("ended-call timer still live with a new call: %v", got)
	}
	h.timers.fire()
	h.settle()
	if p := h.w.phone.panel; !p.content.Visible() || p.name.Text != "3" {
		t.Fatalf("new call panel = %v %q, want shown for 3", p.content.Visible(), p.name.Text)
	}
}

func TestCodecShownWithState(t *testing.T) {
	h := newHarness(t, configured)
	l := control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "echo",
		Connected: h.clock.Now()}
	h.push(lineEvent(l))
	if got := h.w.phone.panel.state.Text; got != "In call" {
		t.Fatalf("state = %q before the codec is known, want In call", got)
	}
	l.Codec = "PCMU"
	h.push(lineEvent(l))
	if got := h.w.phone.panel.state.Text; got != "In call · PCMU" {
		t.Fatalf("state = %q, want In call · PCMU", got)
	}
}
