package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// fakeLocks is the fake controller whose provisioning profile locked some parameters.
type fakeLocks struct {
	*fakeController
	locked map[string]bool
}

func (f *fakeLocks) Locked(name string) bool { return f.locked[name] }

// TestLockedSettingsAreReadOnly: a parameter the profile locked shows read-only with the
// padlock note, in Settings and in the account form; the others stay editable.
func TestLockedSettingsAreReadOnly(t *testing.T) {
	a := test.NewTempApp(t)
	h := &harness{t: t, fake: newFakeController(nil), queue: &uiQueue{}, work: &uiQueue{},
		clock: &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, timers: &fakeTimers{}}
	lc := &fakeLocks{fakeController: h.fake, locked: map[string]bool{paramTransport: true, paramServer: true}}
	h.vm = NewViewModel(lc, WithDispatcher(h.queue.add), WithWorker(h.work.add), WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: "Acme"})
	t.Cleanup(h.w.Close)
	h.settle()
	if !h.w.settings.net.transport.Disabled() {
		t.Error("the locked transport is editable in Settings")
	}
	if h.w.settings.net.localPort.Disabled() {
		t.Error("the unlocked local port is read-only")
	}
	if !h.w.account.server.Disabled() || h.w.account.username.Disabled() {
		t.Errorf("account: server disabled %v (locked), username disabled %v (not locked)",
			h.w.account.server.Disabled(), h.w.account.username.Disabled())
	}
	notes := strings.Count(strings.Join(labelsOf(h.w.settings.net.content), "|"), "Locked by your provider")
	if notes != 1 {
		t.Errorf("%d padlock notes in the network card, want 1", notes)
	}
}
