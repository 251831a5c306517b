package ui

import (
	"testing"
	"time"

	"softphone/phone/control"
)

// TestCallPanelShowsQuality: the quality line appears with the first figures of a connected
// call, follows them, and goes once the call has ended.
func TestCallPanelShowsQuality(t *testing.T) {
	h := newHarness(t, configured)
	p := h.w.phone.panel
	l := control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222",
		Connected: h.clock.Now()}
	h.push(lineEvent(l))
	if p.quality.Visible() {
		t.Fatalf("quality line %q shown before any figures", p.quality.Text)
	}
	l.Quality = control.Quality{MOS: 4.31, LossPct: 0.12, JitterMS: 3.4}
	h.push(qualityEvent(l))
	if want := "MOS 4.3 · loss 0.1 % · jitter 3 ms"; !p.quality.Visible() || p.quality.Text != want {
		t.Errorf("quality line %q (visible %v), want %q", p.quality.Text, p.quality.Visible(), want)
	}
	l.Quality = control.Quality{MOS: 3.92, LossPct: 5, JitterMS: 12.6, RTTMS: 41.7}
	h.push(qualityEvent(l))
	if want := "MOS 3.9 · loss 5.0 % · jitter 13 ms · RTT 42 ms"; p.quality.Text != want {
		t.Errorf("quality line %q, want %q", p.quality.Text, want)
	}
	l.State = control.StateFinished
	h.push(lineEvent(l))
	if p.quality.Visible() {
		t.Errorf("quality line %q still shown after the call ended", p.quality.Text)
	}
}

// qualityEvent is the phone's event for a line whose quality figures moved.
func qualityEvent(l control.Line) control.Event {
	ev := lineEvent(l)
	ev.Kind, ev.Notification = control.KindQuality, l.QualityLine()
	return ev
}

// TestHistoryRowShowsMOS: a connected call's history row carries its MOS once measured.
func TestHistoryRowShowsMOS(t *testing.T) {
	c := control.Call{Peer: "2222", Direction: control.DirectionOutgoing, Connected: time.Unix(100, 0), DurationMS: 65000}
	plain := callWhat(c)
	c.Quality.MOS = 3.92
	if got, want := callWhat(c), plain+" · MOS 3.9"; got != want {
		t.Errorf("history row %q, want %q", got, want)
	}
}
