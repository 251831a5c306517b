package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// BenchmarkStateApplyView is the per-event path without widgets: fold one event, render the view.
func BenchmarkStateApplyView(b *testing.B) {
	s := newPhoneState(control.Status{}, true)
	events := make([]control.Event, 64)
	for i := range events {
		events[i] = burstEvent(i)
	}
	now := time.Now()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.apply(events[i%len(events)])
		_ = s.view(now)
	}
}

// BenchmarkRefresh is the UI-thread half after a state change: render the latest state into
// the bound widgets, showing and hiding panels (a relayout) on most events.
func BenchmarkRefresh(b *testing.B) {
	a := test.NewTempApp(b)
	f := newFakeController(configured)
	vm := NewViewModel(f, WithDispatcher(func(fn func()) { fn() }))
	w := newWindow(a, vm, Options{})
	defer w.Close()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		vm.mu.Lock()
		vm.state.apply(burstEvent(i % 64))
		vm.mu.Unlock()
		vm.refresh()
	}
}

// BenchmarkRefreshTick is the once-a-second timer refresh during a call: only the timer text
// changes, so nothing is laid out again.
func BenchmarkRefreshTick(b *testing.B) {
	a := test.NewTempApp(b)
	clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	f := newFakeController(configured)
	vm := NewViewModel(f, WithDispatcher(func(fn func()) { fn() }), WithClock(clock.Now))
	w := newWindow(a, vm, Options{})
	defer w.Close()
	vm.mu.Lock()
	vm.state.apply(lineEvent(control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing,
		Peer: "2222", Connected: clock.Now()}))
	vm.mu.Unlock()
	vm.refresh()
	b.ReportAllocs()
	for b.Loop() {
		clock.advance(time.Second)
		vm.refresh()
	}
}
