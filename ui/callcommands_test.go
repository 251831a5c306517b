package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func TestCallCommandsRefuseBadInput(t *testing.T) {
	tests := []struct {
		name    string
		line    *control.Line // the call shown, if any
		do      func(v *ViewModel) error
		want    error
		mention string // what the error must name
	}{
		{"hold without call", nil, (*ViewModel).ToggleHold, ErrNoCall, "hold"},
		{"mute without call", nil, (*ViewModel).ToggleMute, ErrNoCall, "mute"},
		{"record without call", nil, (*ViewModel).ToggleRecord, ErrNoCall, "record"},
		{"record while ringing", ptr(with(func(l *control.Line) { l.State = control.StateRinging })),
			(*ViewModel).ToggleRecord, ErrNoCall, "record"},
		{"dtmf without call", nil, func(v *ViewModel) error { return v.SendDTMF("1") }, ErrNoCall, "dtmf"},
		{"dtmf while calling", ptr(with(func(l *control.Line) { l.State = control.StateSetup })),
			func(v *ViewModel) error { return v.SendDTMF("1") }, ErrNoCall, "dtmf"},
		{"dtmf bad digit", ptr(inCall()), func(v *ViewModel) error { return v.SendDTMF("12x") }, ErrBadDTMF, "'x'"},
		{"dtmf lower case", ptr(inCall()), func(v *ViewModel) error { return v.SendDTMF("a") }, ErrBadDTMF, "'a'"},
		{"dtmf only spaces", ptr(inCall()), func(v *ViewModel) error { return v.SendDTMF("  ") }, ErrEmptyNumber, "dtmf"},
		{"transfer without call", nil, func(v *ViewModel) error { return v.Transfer("3") }, ErrNoCall, "transfer"},
		{"transfer to nobody", ptr(inCall()), func(v *ViewModel) error { return v.Transfer(" ") }, ErrEmptyNumber, "transfer"},
		{"conference without call", nil, func(v *ViewModel) error { return v.AddToConference("3") }, ErrNoCall, "conference"},
		{"conference with nobody", ptr(inCall()), func(v *ViewModel) error { return v.AddToConference("") },
			ErrEmptyNumber, "conference"},
		{"merge one call", ptr(inCall()), (*ViewModel).MergeCalls, ErrNoCall, "merge"},
		{"line zero", nil, func(v *ViewModel) error { return v.SelectLine(0) }, ErrNoLine, "line 0"},
		{"transfer type", nil, func(v *ViewModel) error { return v.SetTransferType("warm") }, ErrBadTransferType, `"warm"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newModelHarness(t, configured)
			if tt.line != nil {
				h.push(lineEvent(*tt.line))
			}
			err := tt.do(h.vm)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("err %q does not name %s", err, tt.mention)
			}
			h.settle()
			assertCommands(t, h.fake)
		})
	}
}

func TestSendDTMFString(t *testing.T) {
	h := newHarness(t, configured)
	h.push(lineEvent(inCall()))
	if err := h.vm.SendDTMF("12 345 #AD"); err != nil {
		t.Fatal(err)
	}
	h.settle()
	assertCommands(t, h.fake, "DTMF 2 12 345 #AD")
}

func TestTransferTypeFromParameter(t *testing.T) {
	tests := []struct{ param, want, selected string }{
		{"", TransferBlind, "Blind"},
		{"blind", TransferBlind, "Blind"},
		{"attended", TransferAttended, "Attended"},
	}
	for _, tt := range tests {
		t.Run(tt.want+"/"+tt.param, func(t *testing.T) {
			params := map[string]string{"serveraddress": "sip.example.com", "transfertype": tt.param}
			h := newHarness(t, params)
			if h.vm.TransferType != tt.want {
				t.Errorf("TransferType = %q, want %q", h.vm.TransferType, tt.want)
			}
			if got := h.w.phone.panel.controls.forms.transferKind.Selected; got != tt.selected {
				t.Errorf("select shows %q, want %q", got, tt.selected)
			}
			h.settle()
			assertCommands(t, h.fake) // showing the parameter does not set it
		})
	}
}

// modelHarness is a view-model over a fake controller without a window, for tests of the
// commands alone.
type modelHarness struct {
	fake  *fakeController
	queue *uiQueue
	work  *uiQueue
	vm    *ViewModel
}

func newModelHarness(t *testing.T, params map[string]string) *modelHarness {
	t.Helper()
	test.NewTempApp(t)
	h := &modelHarness{fake: newFakeController(params), queue: &uiQueue{}, work: &uiQueue{}}
	h.vm = NewViewModel(h.fake, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithAfterFunc((&fakeTimers{}).after))
	h.vm.Start()
	t.Cleanup(h.vm.Stop)
	h.settle()
	return h
}

// push sends events and lets the view-model catch up.
func (h *modelHarness) push(events ...control.Event) {
	for _, e := range events {
		h.fake.events <- e
	}
	h.settle()
}

// settle runs queued commands and UI work until none is left.
func (h *modelHarness) settle() {
	for {
		h.vm.sync()
		if h.work.drain()+h.queue.drain() == 0 {
			return
		}
	}
}

func ptr[T any](v T) *T { return &v }
