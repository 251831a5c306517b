package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// inCall is line 2 answered, as the tests below start from.
func inCall() control.Line {
	return control.Line{Line: 2, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222", CallID: "c2"}
}

// with returns inCall changed by f.
func with(f func(l *control.Line)) control.Line {
	l := inCall()
	f(&l)
	return l
}

func ctrlKey(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
}

func TestCallControlsReachController(t *testing.T) {
	held := with(func(l *control.Line) { l.State, l.Hold = control.StateHold, true })
	muted := with(func(l *control.Line) { l.Mute, l.MuteDirection = true, int(control.MuteMicrophone) })
	other := control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionIncoming, Peer: "3333", CallID: "c1"}
	tests := []struct {
		name  string
		lines []control.Line
		act   func(h *harness)
		want  []string
	}{
		{"hold", []control.Line{inCall()}, func(h *harness) { test.Tap(h.w.phone.panel.controls.hold) },
			[]string{"Hold 2 true"}},
		{"resume", []control.Line{held}, func(h *harness) { test.Tap(h.w.phone.panel.controls.hold) },
			[]string{"Hold 2 false"}},
		{"mute microphone", []control.Line{inCall()}, func(h *harness) { test.Tap(h.w.phone.panel.controls.mute) },
			[]string{"Mute 2 true 2"}},
		{"unmute", []control.Line{muted}, func(h *harness) { test.Tap(h.w.phone.panel.controls.mute) },
			[]string{"Mute 2 false 2"}},
		{"dialpad sends DTMF", []control.Line{inCall()}, func(h *harness) {
			test.Tap(h.w.phone.pad.keys['5'])
			test.Tap(h.w.phone.pad.keys['#'])
		}, []string{"DTMF 2 5", "DTMF 2 #"}},
		{"keyboard sends DTMF", []control.Line{inCall()}, func(h *harness) {
			c := h.w.win.Canvas()
			c.Unfocus()
			test.TypeOnCanvas(c, "1*d!")
		}, []string{"DTMF 2 1", "DTMF 2 *", "DTMF 2 D"}},
		{"typing in the number field sends DTMF", []control.Line{inCall()}, func(h *harness) {
			test.Type(h.w.phone.entry, "9")
		}, []string{"DTMF 2 9"}},
		{"Ctrl+H holds", []control.Line{inCall()}, func(h *harness) {
			h.w.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlKey(fyne.KeyH))
		}, []string{"Hold 2 true"}},
		{"Ctrl+M mutes", []control.Line{inCall()}, func(h *harness) {
			h.w.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlKey(fyne.KeyM))
		}, []string{"Mute 2 true 2"}},
		{"Ctrl+H in the number field", []control.Line{held}, func(h *harness) {
			h.w.phone.entry.TypedShortcut(ctrlKey(fyne.KeyH))
		}, []string{"Hold 2 false"}},
		{"blind transfer", []control.Line{inCall()}, func(h *harness) {
			f := h.w.phone.panel.controls.forms
			test.Type(f.transferTo, "3333")
			test.Tap(f.transfer)
		}, []string{"Transfer 2 3333"}},
		{"attended transfer type", []control.Line{inCall()}, func(h *harness) {
			h.w.phone.panel.controls.forms.transferKind.SetSelected("Attended")
		}, []string{"Set transfertype=attended"}},
		{"add to conference", []control.Line{inCall()}, func(h *harness) {
			f := h.w.phone.panel.controls.forms
			test.Type(f.confNumber, "4444")
			test.Tap(f.conference)
		}, []string{`Conference "4444"`}},
		{"merge calls", []control.Line{other, inCall()}, func(h *harness) {
			test.Tap(h.w.phone.panel.controls.merge)
		}, []string{`Conference ""`}},
		{"line button", []control.Line{other, inCall()}, func(h *harness) {
			test.Tap(h.w.phone.lines.button(1))
		}, []string{"SetLine 1"}},
		{"new line button", []control.Line{inCall()}, func(h *harness) {
			test.Tap(h.w.phone.lines.button(1))
		}, []string{"SetLine 1"}},
		{"redial", nil, func(h *harness) { test.Tap(h.w.phone.redial) }, []string{"Redial"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			for _, l := range tt.lines {
				h.push(lineEvent(l))
			}
			tt.act(h)
			h.settle()
			assertCommands(t, h.fake, tt.want...)
			if got := h.w.phone.entry.Text; got != "" {
				t.Errorf("number field = %q, want it untouched", got)
			}
		})
	}
}

func TestDialpadTypesWhenCallNotConnected(t *testing.T) {
	tests := []struct {
		name string
		line control.Line
	}{
		{"calling", with(func(l *control.Line) { l.State = control.StateSetup })},
		{"held by us", with(func(l *control.Line) { l.State, l.Hold = control.StateHold, true })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(lineEvent(tt.line))
			test.Tap(h.w.phone.pad.keys['7'])
			h.settle()
			assertCommands(t, h.fake)
			if got := h.w.phone.entry.Text; got != "7" {
				t.Fatalf("number field = %q, want 7", got)
			}
		})
	}
}

func TestCallControlErrorsShownInNotice(t *testing.T) {
	tests := []struct {
		cmd  string
		act  func(h *harness)
		want string
	}{
		{"Hold", func(h *harness) { test.Tap(h.w.phone.panel.controls.hold) }, "Hold failed: not allowed"},
		{"DTMF", func(h *harness) { test.Tap(h.w.phone.pad.keys['1']) }, "DTMF failed: not allowed"},
		{"SetLine", func(h *harness) { test.Tap(h.w.phone.lines.button(1)) }, "Switch line failed: not allowed"},
		{"Redial", func(h *harness) { test.Tap(h.w.phone.redial) }, "Redial failed: not allowed"},
		{"Transfer", func(h *harness) {
			f := h.w.phone.panel.controls.forms
			test.Type(f.transferTo, "9")
			test.Tap(f.transfer)
		}, "Transfer failed: not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			h := newHarness(t, configured)
			h.fake.cmdErr[tt.cmd] = errors.New("not allowed")
			h.push(lineEvent(inCall()))
			tt.act(h)
			h.settle()
			if got := h.w.phone.notice.Text; got != tt.want {
				t.Fatalf("notice = %q, want %q", got, tt.want)
			}
			if !h.w.phone.notice.Visible() {
				t.Fatal("notice hidden")
			}
		})
	}
}

func TestRedialOnlyWithEmptyNumber(t *testing.T) {
	h := newHarness(t, configured)
	if !h.w.phone.redial.Visible() {
		t.Fatal("Redial hidden with an empty number")
	}
	test.Type(h.w.phone.entry, "12")
	if h.w.phone.redial.Visible() {
		t.Fatal("Redial shown with a number entered")
	}
	h.w.phone.entry.SetText("")
	if !h.w.phone.redial.Visible() {
		t.Fatal("Redial hidden after the number was cleared")
	}
}
