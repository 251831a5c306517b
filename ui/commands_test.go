package ui

import (
	"errors"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func TestCommandsRunOnWorker(t *testing.T) {
	ringing := control.Line{Line: 2, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "2222"}
	inCall := control.Line{Line: 3, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222"}
	tests := []struct {
		name  string
		setup []control.Event
		act   func(h *harness)
		want  string
	}{
		{"Call", nil, func(h *harness) {
			test.Type(h.w.phone.entry, "1234")
			test.Tap(h.w.phone.call)
		}, "Call 1234"},
		{"Answer", []control.Event{lineEvent(ringing)}, func(h *harness) { test.Tap(h.w.phone.incoming.answer) }, "Accept 2"},
		{"Reject", []control.Event{lineEvent(ringing)}, func(h *harness) { test.Tap(h.w.phone.incoming.reject) }, "Reject 2"},
		{"Hang up", []control.Event{lineEvent(inCall)}, func(h *harness) { test.Tap(h.w.phone.panel.hangup) }, "Hangup 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, configured)
			h.push(tt.setup...)
			tt.act(h)
			assertCommands(t, h.fake) // nothing ran on the UI thread
			h.settle()
			assertCommands(t, h.fake, tt.want)
		})
	}
}

func TestAccountSaveRunsOnWorker(t *testing.T) {
	h := newHarness(t, configured)
	a := h.w.account
	test.Tap(a.save)
	assertCommands(t, h.fake)
	if a.status.Text != "Saving..." || !a.save.Disabled() {
		t.Fatalf("while saving: status %q, Save disabled %v; want Saving... and disabled", a.status.Text, a.save.Disabled())
	}
	h.settle()
	if a.status.Text != "Saved." || a.save.Disabled() {
		t.Fatalf("after saving: status %q, Save disabled %v; want Saved. and enabled", a.status.Text, a.save.Disabled())
	}
}

// TestBlockedControllerDoesNotBlockUI uses the real worker: the phone takes its time over Call
// while the UI thread goes on, and the error comes back through the dispatcher.
func TestBlockedControllerDoesNotBlockUI(t *testing.T) {
	a := test.NewTempApp(t)
	f := newFakeController(configured)
	f.block = make(chan struct{})
	f.callErr = errors.New("486 Busy Here")
	q := &uiQueue{}
	vm := NewViewModel(f, WithDispatcher(q.add))
	w := newWindow(a, vm, Options{})
	t.Cleanup(w.Close)
	vm.sync()
	q.drain()

	test.Type(w.phone.entry, "1234")
	tapped := make(chan struct{})
	go func() {
		test.Tap(w.phone.call)
		close(tapped)
	}()
	select {
	case <-tapped:
	case <-time.After(10 * time.Second):
		t.Fatal("tapping Call blocked while the controller was busy")
	}
	close(f.block)
	deadline := time.Now().Add(10 * time.Second)
	for w.phone.notice.Text == "" {
		if time.Now().After(deadline) {
			t.Fatal("the call error never reached the UI")
		}
		q.drain()
		time.Sleep(time.Millisecond)
	}
	if got, want := w.phone.notice.Text, "Call failed: 486 Busy Here"; got != want {
		t.Fatalf("notice = %q, want %q", got, want)
	}
}

func TestSerialKeepsOrder(t *testing.T) {
	var s serial
	var mu sync.Mutex
	var got []int
	var wg sync.WaitGroup
	const n = 200
	wg.Add(n)
	for i := range n {
		s.run(func() {
			defer wg.Done()
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
		})
	}
	wg.Wait()
	for i, v := range got {
		if v != i {
			t.Fatalf("run %d was func %d; order lost", i, v)
		}
	}
}
