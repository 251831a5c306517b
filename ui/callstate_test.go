package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

func TestCallControlsShowState(t *testing.T) {
	tests := []struct {
		name       string
		line       control.Line
		controls   bool
		hold, mute string
		remoteHold bool
		rec        bool
	}{
		{"calling", with(func(l *control.Line) { l.State = control.StateRinging }), false, "Hold", "Mute", false, false},
		{"in call", inCall(), true, "Hold", "Mute", false, false},
		{"we hold", with(func(l *control.Line) { l.State, l.Hold = control.StateHold, true }), true, "Resume", "Mute", false, false},
		{"far end holds", with(func(l *control.Line) { l.RemoteHold = true }), true, "Hold", "Mute", true, false},
		{"microphone muted", with(func(l *control.Line) { l.Mute, l.MuteDirection = true, int(control.MuteMicrophone) }),
			true, "Hold", "Unmute", false, false},
		{"all muted", with(func(l *control.Line) { l.Mute = true }), true, "Hold", "Unmute", false, false},
		{"speaker muted only", with(func(l *control.Line) { l.Mute, l.MuteDirection = true, int(control.MuteSpeaker) }),
			true, "Hold", "Mute", false, false},
		{"recording", with(func(l *control.Line) { l.Recording = "/tmp/rec/c2.wav" }), true, "Hold", "Mute", false, true},
		{"ended", with(func(l *control.Line) { l.State, l.Recording, l.RemoteHold = control.StateFinished, "x.wav", true }),
			false, "Hold", "Mute", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(tt.line))
			c := h.w.phone.panel.controls
			if got := c.content.Visible(); got != tt.controls {
				t.Errorf("controls visible = %v, want %v", got, tt.controls)
			}
			if c.hold.Text != tt.hold || c.mute.Text != tt.mute {
				t.Errorf("buttons = %q/%q, want %q/%q", c.hold.Text, c.mute.Text, tt.hold, tt.mute)
			}
			if got := c.remoteHold.Visible(); got != tt.remoteHold {
				t.Errorf("%q visible = %v, want %v", c.remoteHold.Text, got, tt.remoteHold)
			}
			if got := c.rec.Visible(); got != tt.rec {
				t.Errorf("REC visible = %v, want %v", got, tt.rec)
			}
		})
	}
}

func TestReceivedDTMFShownBriefly(t *testing.T) {
	h := newHarness(t, configured)
	h.push(lineEvent(inCall()))
	label := h.w.phone.panel.controls.dtmf
	if label.Visible() {
		t.Fatalf("DTMF label %q shown before any digit", label.Text)
	}
	dtmf := func(d string) control.Event {
		return control.Event{Kind: control.KindDTMF, Message: d, Notification: "DTMF,2," + d}
	}
	h.push(dtmf("5"), dtmf("#"))
	if !label.Visible() || label.Text != "DTMF received: 5#" {
		t.Fatalf("DTMF label = %q (visible %v), want DTMF received: 5#", label.Text, label.Visible())
	}
	if got := h.timers.live(); len(got) != 1 || got[0] != dtmfLinger {
		t.Fatalf("live timers = %v, want one of %v", got, dtmfLinger)
	}
	h.timers.fire()
	h.settle()
	if label.Visible() {
		t.Fatalf("DTMF label %q still shown after %v", label.Text, dtmfLinger)
	}
	h.push(dtmf("7"))
	if label.Text != "DTMF received: 7" {
		t.Fatalf("DTMF label = %q after a new digit, want DTMF received: 7", label.Text)
	}
}

func TestStaleDTMFTimerKeepsNewDigits(t *testing.T) {
	h := newHarness(t, configured)
	h.push(control.Event{Kind: control.KindDTMF, Message: "1"})
	stale := h.vm.state.dtmfSeq
	h.push(control.Event{Kind: control.KindDTMF, Message: "2"})
	h.vm.clearDTMF(stale)
	if got := h.w.phone.panel.controls.dtmf.Text; got != "DTMF received: 12" {
		t.Fatalf("after a stale clear, DTMF label = %q, want DTMF received: 12", got)
	}
}

// lineRow renders the line buttons as "text*" (current) for comparison.
func lineRow(b *lineBar) string {
	var s []string
	for _, btn := range b.buttons {
		mark := ""
		if btn.Importance == widget.HighImportance {
			mark = "*"
		}
		s = append(s, btn.Text+mark)
	}
	return fmt.Sprint(s)
}

func TestLineButtons(t *testing.T) {
	h := newHarness(t, configured)
	bar := h.w.phone.lines
	if bar.content.Visible() {
		t.Fatal("line row shown with no call")
	}
	l1 := control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222", CallID: "a"}
	h.push(lineEvent(l1))
	if got, want := lineRow(bar), "[L1 In call* + Line]"; got != want {
		t.Fatalf("one call: row = %s, want %s", got, want)
	}
	l3 := control.Line{Line: 3, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "4444", CallID: "b"}
	h.push(lineEvent(l3))
	if got, want := lineRow(bar), "[L1 In call* L3 Ringing + Line]"; got != want {
		t.Fatalf("call waiting: row = %s, want %s", got, want)
	}
	test.Tap(h.w.phone.incoming.answer)
	h.settle()
	l1.State, l1.Hold = control.StateHold, true
	l3.State = control.StateInCall
	h.push(lineEvent(l1), lineEvent(l3))
	if got, want := lineRow(bar), "[L1 Hold L3 In call* + Line]"; got != want {
		t.Fatalf("answered: row = %s, want %s", got, want)
	}
	if !h.w.phone.panel.controls.merge.Visible() {
		t.Fatal("Merge calls hidden with two connected lines")
	}
	test.Tap(bar.button(1))
	h.settle()
	if got, want := lineRow(bar), "[L1 Hold* L3 In call + Line]"; got != want {
		t.Fatalf("switched to line 1: row = %s, want %s", got, want)
	}
	if got := h.w.phone.panel.name.Text; got != "2222" {
		t.Fatalf("call panel shows %q after switching to line 1, want 2222", got)
	}
	test.Tap(bar.button(2))
	h.settle()
	if got, want := lineRow(bar), "[L1 Hold L3 In call L2 New call*]"; got != want {
		t.Fatalf("picked a free line: row = %s, want %s", got, want)
	}
	if h.w.phone.panel.content.Visible() {
		t.Fatal("call panel shown while a free line is picked to dial from")
	}
	test.Tap(h.w.phone.pad.keys['8'])
	if got := h.w.phone.entry.Text; got != "8" {
		t.Fatalf("dialpad on a free line typed %q, want 8", got)
	}
	assertCommands(t, h.fake, "Accept 3", "SetLine 1", "SetLine 2")
}
