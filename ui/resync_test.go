package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// TestStartResyncsStatus: what the phone did between the view-model's first snapshot and its
// subscription (registering, a call ending) published events no one received; Start reads
// the status again, so the header says Registered and the vanished call is gone.
func TestStartResyncsStatus(t *testing.T) {
	test.NewTempApp(t)
	f := newFakeController(nil)
	f.status = control.Status{Registration: control.RegRegistering, Line: 1, Lines: []control.Line{
		{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "2222", CallID: "c1"},
	}}
	q := &uiQueue{}
	vm := NewViewModel(f, WithDispatcher(q.add), WithWorker(q.add))
	f.status = control.Status{Registered: true, Registration: control.RegRegistered, Line: 1}
	vm.Start()
	t.Cleanup(vm.Stop)
	vm.sync()
	q.drain()
	if got, _ := vm.RegText.Get(); got != control.RegRegistered {
		t.Errorf("header says %q, want %q", got, control.RegRegistered)
	}
	if visible, _ := vm.CallVisible.Get(); visible {
		name, _ := vm.CallName.Get()
		t.Errorf("call panel still shows a call (%q) the phone no longer has", name)
	}
}
