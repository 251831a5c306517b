package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func TestCallPanelFollowsOutgoingCall(t *testing.T) {
	h := newHarness(t, configured)
	if h.w.phone.panel.content.Visible() {
		t.Fatal("call panel shown with no call")
	}
	base := control.Line{Line: 1, Direction: control.DirectionOutgoing, Peer: "2222", PeerDisplayName: "Katie"}
	connected := h.clock.Now()
	steps := []struct {
		name   string
		line   func(l control.Line) control.Line
		state  string
		timer  string
		hangup bool
	}{
		{"setup", func(l control.Line) control.Line { l.State = control.StateSetup; return l }, "Calling...", "", true},
		{"ringing", func(l control.Line) control.Line { l.State = control.StateRinging; return l }, "Ringing...", "", true},
		{"answered", func(l control.Line) control.Line {
			l.State, l.Connected = control.StateInCall, connected
			return l
		}, "In call", "00:00", true},
		{"ended", func(l control.Line) control.Line {
			l.State, l.Reason, l.Duration = control.StateFinished, "Bye", 75
			return l
		}, "Call ended: Bye", "01:15", false},
	}
	p := h.w.phone.panel
	for _, s := range steps {
		h.push(lineEvent(s.line(base)))
		if !p.content.Visible() {
			t.Fatalf("%s: call panel hidden", s.name)
		}
		if p.name.Text != "Katie" || p.number.Text != "2222" {
			t.Errorf("%s: peer = %q %q, want Katie 2222", s.name, p.name.Text, p.number.Text)
		}
		if p.state.Text != s.state || p.timer.Text != s.timer {
			t.Errorf("%s: state/timer = %q/%q, want %q/%q", s.name, p.state.Text, p.timer.Text, s.state, s.timer)
		}
		if p.hangup.Visible() != s.hangup {
			t.Errorf("%s: Hang up visible = %v, want %v", s.name, p.hangup.Visible(), s.hangup)
		}
	}
}

func TestTimerTicksWhileConnected(t *testing.T) {
	h := newHarness(t, configured)
	h.vm.tick = time.Millisecond // the real ticker, fast; the fake clock decides the text
	h.push(lineEvent(control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing,
		Peer: "2222", Connected: h.clock.Now()}))
	if got := h.w.phone.panel.timer.Text; got != "00:00" {
		t.Fatalf("timer = %q at connect, want 00:00", got)
	}
	h.clock.advance(65 * time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for h.queue.drain() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no timer refresh was scheduled while connected")
		}
		time.Sleep(time.Millisecond)
	}
	if got := h.w.phone.panel.timer.Text; got != "01:05" {
		t.Fatalf("timer = %q after 65 s, want 01:05", got)
	}
}

func TestHangupAndEscape(t *testing.T) {
	tests := []struct {
		name string
		act  func(h *harness)
	}{
		{"tap Hang up", func(h *harness) { test.Tap(h.w.phone.panel.hangup) }},
		{"Escape", func(h *harness) { h.w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(control.Line{Line: 3, State: control.StateInCall, Direction: control.DirectionIncoming, Peer: "2222"}))
			tt.act(h)
			h.settle()
			assertCommands(t, h.fake, "Hangup 3")
		})
	}
}

func TestRegistrationHeader(t *testing.T) {
	tests := []struct {
		name string
		reg  control.Registration
		text string
		kind RegKind
	}{
		{"registering", control.Registration{Status: control.RegRegistering}, "Registering...", RegBusy},
		{"registered", control.Registration{Registered: true, Status: control.RegRegistered}, "Registered", RegOK},
		{"failed", control.Registration{Status: control.RegFailed, Reason: "403 Forbidden"}, "Register Failed: 403 Forbidden", RegFailed},
		{"unregistered", control.Registration{Status: control.RegUnregistered}, "Unregistered", RegIdle},
	}
	h := newHarness(t, configured)
	if got := h.w.header.status.Text; got != "Ready" {
		t.Fatalf("initial header = %q, want Ready", got)
	}
	if got := h.w.header.brand.Text; got != "Acme" {
		t.Fatalf("brand = %q, want Acme", got)
	}
	for _, tt := range tests {
		h.push(regEvent(tt.reg))
		if got := h.w.header.status.Text; got != tt.text {
			t.Errorf("%s: header = %q, want %q", tt.name, got, tt.text)
		}
		if got, want := h.w.header.dot.FillColor, regColor(tt.kind); got != want {
			t.Errorf("%s: dot = %v, want %v", tt.name, got, want)
		}
	}
}

func TestNotConfiguredHeader(t *testing.T) {
	h := newHarness(t, nil)
	if got := h.w.header.status.Text; got != "Not configured" {
		t.Fatalf("header = %q, want Not configured", got)
	}
}
