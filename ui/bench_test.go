package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/event"
)

// BenchmarkStateApplyView is the per-event path without widgets: fold one event, render the view.
func BenchmarkStateApplyView(b *testing.B) {
	s := newPhoneState(event.Status{}, true)
	events := make([]event.Event, 64)
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

// BenchmarkRefresh is the UI-thread half: render the latest state into the bound widgets.
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
