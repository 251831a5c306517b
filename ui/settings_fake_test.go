package ui

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// fakeDevices is the fake controller with the audio side (control.Devices) added.
type fakeDevices struct {
	*fakeController
	list []control.DeviceInfo

	mu          sync.Mutex
	mic, spk    float64
	levelsCalls int
}

func (f *fakeDevices) AudioDevices() []control.DeviceInfo { return f.list }

func (f *fakeDevices) Levels() (float64, float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.levelsCalls++
	return f.mic, f.spk
}

func (f *fakeDevices) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.levelsCalls
}

// testDevices is what the fake's audio side lists.
func testDevices() []control.DeviceInfo {
	return []control.DeviceInfo{
		{Driver: "portaudio", Name: "USB Headset", Output: false, Default: true},
		{Driver: "portaudio", Name: "USB Headset", Output: true, Default: true},
		{Driver: "portaudio", Name: "Speakers", Output: true},
		{Driver: control.NullDriverName, Name: "null", Output: true},
	}
}

// newDevicesHarness is newHarness over a controller that also lists audio devices.
func newDevicesHarness(t *testing.T, params map[string]string) (*harness, *fakeDevices) {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{
		t:      t,
		fake:   newFakeController(params),
		queue:  &uiQueue{},
		work:   &uiQueue{},
		clock:  &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		timers: &fakeTimers{},
	}
	dev := &fakeDevices{fakeController: h.fake, list: testDevices()}
	h.vm = NewViewModel(dev, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: "Acme"})
	h.w.raise = func() { h.raised++ }
	t.Cleanup(h.w.Close)
	h.settle()
	return h, dev
}

// liveOf counts the live fake timers of duration d.
func liveOf(ts *fakeTimers, d time.Duration) int {
	n := 0
	for _, l := range ts.live() {
		if l == d {
			n++
		}
	}
	return n
}
