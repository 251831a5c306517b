package ui

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"softphone/phone/control"
)

// burstEvent is event i of a burst: lines and registrations changing every time.
func burstEvent(i int) control.Event {
	states := []string{control.StateSetup, control.StateRinging, control.StateInCall, control.StateFinished}
	switch i % 3 {
	case 0:
		statuses := []string{control.RegRegistering, control.RegRegistered, control.RegFailed}
		return regEvent(control.Registration{Status: statuses[i%len(statuses)], Reason: fmt.Sprint("r", i)})
	case 1:
		return lineEvent(control.Line{Line: 1, State: states[i%len(states)], Direction: control.DirectionOutgoing,
			Peer: fmt.Sprint("peer-", i), Reason: fmt.Sprint("reason-", i)})
	default:
		return lineEvent(control.Line{Line: 2, State: control.StateRinging, Direction: control.DirectionIncoming,
			Peer: fmt.Sprint("caller-", i)})
	}
}

func TestBurstShowsLastState(t *testing.T) {
	h := newHarness(t, configured)

	// A UI goroutine drains refreshes while events pour in, as the real main loop would.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				h.queue.drain()
			}
		}
	}()
	const n = 1000
	for i := range n {
		h.fake.events <- burstEvent(i)
	}
	close(stop)
	wg.Wait()
	h.settle()

	// Last events: i=999 registration (999%3==0), 997 line 1, 998 line 2 incoming.
	want := newPhoneState(control.Status{}, true)
	for _, i := range []int{997, 998, 999} {
		want.apply(burstEvent(i))
	}
	wv := want.view(h.clock.Now())
	if h.w.header.status.Text != wv.reg.text {
		t.Errorf("header = %q, want %q", h.w.header.status.Text, wv.reg.text)
	}
	p := h.w.phone.panel
	if p.name.Text != "peer-997" || p.state.Text != wv.call.state {
		t.Errorf("call panel = %q %q, want peer-997 %q", p.name.Text, p.state.Text, wv.call.state)
	}
	if got, want := h.w.phone.incoming.text.Text, "Incoming call from caller-998"; got != want {
		t.Errorf("incoming = %q, want %q", got, want)
	}
	if !reflect.DeepEqual(h.vm.shown, wv) {
		t.Errorf("shown view = %+v, want %+v", h.vm.shown, wv)
	}
}

func TestStopIsIdempotent(t *testing.T) {
	f := newFakeController(nil)
	vm := NewViewModel(f, WithDispatcher(func(func()) {}))
	vm.Stop()
	vm.Stop()
	vm.Start() // after Stop: must not subscribe
	assertCommands(t, f)

	vm2 := NewViewModel(f, WithDispatcher(func(func()) {}))
	vm2.Start()
	vm2.Stop()
	vm2.Stop()
	assertCommands(t, f, "Cancel")
}

func TestClosedSubscriptionKeepsLastState(t *testing.T) {
	f := newFakeController(nil)
	q := &uiQueue{}
	vm := NewViewModel(f, WithDispatcher(q.add))
	vm.Start()
	defer vm.Stop()
	f.events <- regEvent(control.Registration{Status: control.RegRegistered, Registered: true})
	close(f.events)
	vm.sync()
	q.drain()
	if got := vm.shown.reg.text; got != "Registered" {
		t.Fatalf("after close, header = %q, want Registered", got)
	}
}
