package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

var configured = map[string]string{"serveraddress": "sip.example.com", "username": "1111"}

func TestDialpadThenCall(t *testing.T) {
	h := newHarness(t, configured)
	if !h.w.phone.call.Disabled() {
		t.Fatal("Call is enabled with an empty number")
	}
	for _, r := range "1234" {
		test.Tap(h.w.phone.pad.keys[r])
	}
	if got := h.w.phone.entry.Text; got != "1234" {
		t.Fatalf("entry = %q after tapping 1 2 3 4, want 1234", got)
	}
	if h.w.phone.call.Disabled() {
		t.Fatal("Call is disabled with a number entered")
	}
	test.Tap(h.w.phone.call)
	h.settle()
	assertCommands(t, h.fake, "Call 1234")
}

func TestTypeIntoEntryThenCall(t *testing.T) {
	h := newHarness(t, configured)
	test.Type(h.w.phone.entry, "sip:bob@example.com")
	test.Tap(h.w.phone.call)
	h.settle()
	assertCommands(t, h.fake, "Call sip:bob@example.com")
}

func TestWindowKeyboard(t *testing.T) {
	tests := []struct {
		name  string
		typed string
		keys  []fyne.KeyName
		want  []string
		entry string
	}{
		{"digits then Enter", "12*#", []fyne.KeyName{fyne.KeyReturn}, []string{"Call 12*#"}, "12*#"},
		{"keypad Enter", "+44", []fyne.KeyName{fyne.KeyEnter}, []string{"Call +44"}, "+44"},
		{"backspace", "1234", []fyne.KeyName{fyne.KeyBackspace, fyne.KeyReturn}, []string{"Call 123"}, "123"},
		{"spaces and symbols ignored", "1 2!3", nil, nil, "123"},
		{"escape without call does nothing", "9", []fyne.KeyName{fyne.KeyEscape}, nil, "9"},
		{"enter on empty number does nothing", "", []fyne.KeyName{fyne.KeyReturn}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			c := h.w.win.Canvas()
			c.Unfocus()
			test.TypeOnCanvas(c, tt.typed)
			for _, k := range tt.keys {
				c.OnTypedKey()(&fyne.KeyEvent{Name: k})
			}
			if got := h.w.phone.entry.Text; got != tt.entry {
				t.Errorf("entry = %q, want %q", got, tt.entry)
			}
			h.settle()
			assertCommands(t, h.fake, tt.want...)
		})
	}
}

func TestCallErrorShownUnderEntry(t *testing.T) {
	h := newHarness(t, configured)
	h.fake.callErr = errors.New("invalid number")
	test.Type(h.w.phone.entry, "abc")
	test.Tap(h.w.phone.call)
	h.settle()
	if got, want := h.w.phone.notice.Text, "Call failed: invalid number"; got != want {
		t.Fatalf("notice = %q, want %q", got, want)
	}
	if !h.w.phone.notice.Visible() {
		t.Fatal("notice is hidden")
	}
	h.fake.callErr = nil
	test.Tap(h.w.phone.call)
	h.settle()
	if h.w.phone.notice.Visible() {
		t.Fatalf("notice %q still shown after a good call", h.w.phone.notice.Text)
	}
}

func TestIncomingCall(t *testing.T) {
	ringing := control.Line{Line: 2, State: control.StateRinging, Direction: control.DirectionIncoming,
		Peer: "2222", PeerDisplayName: "Katie"}
	tests := []struct {
		name string
		act  func(h *harness)
		want string
	}{
		{"tap Answer", func(h *harness) { test.Tap(h.w.phone.incoming.answer) }, "Accept 2"},
		{"tap Reject", func(h *harness) { test.Tap(h.w.phone.incoming.reject) }, "Reject 2"},
		{"Enter answers", func(h *harness) {
			h.w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, "Accept 2"},
		{"Escape in the entry rejects", func(h *harness) {
			h.w.win.Canvas().Focus(h.w.phone.entry)
			h.w.phone.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}, "Reject 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			if h.w.phone.incoming.content.Visible() {
				t.Fatal("incoming panel shown with no call")
			}
			h.push(lineEvent(ringing))
			if !h.w.phone.incoming.content.Visible() {
				t.Fatal("incoming panel hidden while a call rings")
			}
			if got, want := h.w.phone.incoming.text.Text, "Incoming call from Katie 2222"; got != want {
				t.Fatalf("incoming text = %q, want %q", got, want)
			}
			if h.w.phone.panel.content.Visible() {
				t.Fatal("call panel shown for an unanswered incoming call")
			}
			tt.act(h)
			h.settle()
			assertCommands(t, h.fake, tt.want)
		})
	}
}

func TestIncomingCallSwitchesToPhoneTab(t *testing.T) {
	h := newHarness(t, nil)
	if got := h.w.tabs.Selected().Text; got != "Account" {
		t.Fatalf("unconfigured phone opened on tab %q, want Account", got)
	}
	h.push(lineEvent(control.Line{Line: 1, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "3333"}))
	if h.w.tabs.SelectedIndex() != 0 {
		t.Fatalf("incoming call left tab %d selected, want Phone (0)", h.w.tabs.SelectedIndex())
	}
	if h.raised != 1 {
		t.Fatalf("RequestFocus called %d times on an incoming call, want 1", h.raised)
	}
	if got, want := h.w.phone.incoming.text.Text, "Incoming call from 3333"; got != want {
		t.Fatalf("incoming text = %q, want %q", got, want)
	}
}

func TestInvalidNumberNotDialled(t *testing.T) {
	tests := []struct {
		number string
		notice string // "" when the number is dialled
	}{
		{"abc!!", "Not called: '!' cannot be part of a number. Use digits, letters, + * # or a sip: URI."},
		{"12 34#x", "Not called: space cannot be part of a number. Use digits, letters, + * # or a sip: URI."},
		{"1001é", "Not called: 'é' cannot be part of a number. Use digits, letters, + * # or a sip: URI."},
		{"sip:bob<@example.com", "Not called: '<' cannot be part of a number. Use digits, letters, + * # or a sip: URI."},
		{"+1 (555) 123-4567", ""},
		{"tel:+44 20", ""},
		{"alice.b_2", ""},
		{"sip:bob@example.com;transport=tcp", ""},
	}
	for _, tt := range tests {
		for _, how := range []string{"button", "enter"} {
			t.Run(tt.number+" "+how, func(t *testing.T) {
				h := newHarness(t, configured)
				h.w.phone.entry.SetText(tt.number)
				if how == "button" {
					test.Tap(h.w.phone.call)
				} else {
					h.w.phone.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
				}
				h.settle()
				if tt.notice == "" {
					assertCommands(t, h.fake, "Call "+tt.number)
					return
				}
				assertCommands(t, h.fake)
				if got := h.w.phone.notice.Text; got != tt.notice || !h.w.phone.notice.Visible() {
					t.Fatalf("notice = %q (visible %v), want %q", got, h.w.phone.notice.Visible(), tt.notice)
				}
			})
		}
	}
}

func TestCheckDialNumber(t *testing.T) {
	tests := []struct {
		in  string
		bad string // the character named, "" for none
	}{
		{"", ""}, {"echo", ""}, {"*72#", ""}, {"(0) 12-34", ""}, {"TEL:123", ""},
		{"sip:a@b:5070", ""}, {"bob@pbx", ""}, {"a b", "space"}, {"a\tb", `'\t'`},
		{"sip:a b@x", "space"}, {`sip:"a"@x`, `'"'`}, {"x~", "'~'"}, {"%41", "'%'"},
	}
	for _, tt := range tests {
		err := checkDialNumber(tt.in)
		switch {
		case tt.bad == "" && err != nil:
			t.Errorf("checkDialNumber(%q) = %v, want nil", tt.in, err)
		case tt.bad != "" && (!errors.Is(err, ErrBadNumber) || err.Error() != ErrBadNumber.Error()+": "+tt.bad):
			t.Errorf("checkDialNumber(%q) = %v, want ErrBadNumber naming %s", tt.in, err, tt.bad)
		}
	}
}
