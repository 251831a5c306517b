package audio_test

import (
	"errors"
	"testing"
	"time"

	"softphone/internal/audiotest"
	"softphone/phone/audio"
	"softphone/phone/control"
)

const frame = 320 // 20 ms at 16 kHz

// events collects a hot device's events.
type events chan control.DeviceChange

func (e events) opts(role string) audio.HotOptions {
	return audio.HotOptions{Role: role, OnChange: func(c control.DeviceChange) { e <- c }, ProbeInterval: time.Millisecond}
}

// next returns the next event of the given change kind, skipping others.
func (e events) next(t *testing.T, change string) control.DeviceChange {
	t.Helper()
	for c := range e {
		if c.Change == change {
			return c
		}
	}
	t.Fatal("no event")
	return control.DeviceChange{}
}

func testDrivers(devs ...*audiotest.Device) (*audio.Drivers, *audiotest.Driver) {
	td := audiotest.New(devs...)
	return audio.NewDrivers(td, audio.NewNullDriver()), td
}

// TestHotInputFallsBackWithoutLosingAFrame unplugs the microphone in use mid-stream: the
// frame that failed is already read from the next device of the list, an event names both,
// and when the first device is plugged in again it is taken back with an event.
func TestHotInputFallsBackWithoutLosingAFrame(t *testing.T) {
	a := &audiotest.Device{Name: "A", Rate: 16000, Marker: 1000}
	b := &audiotest.Device{Name: "B", Rate: 16000, Marker: 2000}
	d, _ := testDrivers(a, b)
	ev := make(events, 16)
	in := audio.NewHotInput(d, []string{"test:A", "test:B"}, ev.opts("audioinput"))
	defer in.Close()
	a.FailAfter(10 * frame)
	buf := make([]int16, frame)
	var got []int16
	for range 20 {
		if err := in.Read(buf); err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[0])
	}
	lastA, firstB := -1, -1
	for i, m := range got {
		if m == 1000 {
			lastA = i
		}
		if m == 2000 && firstB < 0 {
			firstB = i
		}
	}
	if lastA != 8 || firstB != 9 {
		t.Errorf("frames from A up to %d, from B from %d (markers %v); want 8 and 9: no frame without a device", lastA, firstB, got)
	}
	c := ev.next(t, control.DeviceLost)
	if c.Device != "test:A" || c.Taken != "test:B" || c.Reason == "" {
		t.Errorf("lost event %+v, want device test:A, taken test:B, with the driver's reason", c)
	}
	if name, _ := in.InUse(); name != "test:B" {
		t.Errorf("in use %q, want test:B", name)
	}
	a.Plug()
	back := make(chan control.DeviceChange, 1)
	go func() { back <- ev.next(t, control.DeviceBack) }()
	for took := false; !took; {
		if err := in.Read(buf); err != nil {
			t.Fatal(err)
		}
		select {
		case c := <-back:
			if c.Device != "test:A" {
				t.Errorf("back event %+v, want test:A", c)
			}
			took = true
		default:
			time.Sleep(time.Millisecond)
		}
	}
	if err := in.Read(buf); err != nil || buf[0] != 1000 {
		t.Errorf("after A came back: marker %d err %v, want A's 1000", buf[0], err)
	}
}

// TestHotOutputSwitchKeepsEveryFrame switches the speaker mid-stream: every frame written
// reaches one of the two devices, in order, and the new one gets the rest.
func TestHotOutputSwitchKeepsEveryFrame(t *testing.T) {
	a := &audiotest.Device{Name: "A", Rate: 16000}
	b := &audiotest.Device{Name: "B", Rate: 16000}
	d, _ := testDrivers(a, b)
	ev := make(events, 16)
	out := audio.NewHotOutput(d, []string{"test:A"}, ev.opts("audiooutput"))
	buf := make([]int16, frame)
	for i := range 30 {
		if i == 12 {
			out.Switch([]string{"test:B", "test:A"})
		}
		for j := range buf {
			buf[j] = int16(i + 1)
		}
		if err := out.Write(buf); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	pa, pb := a.Played(), b.Played()
	if len(pa) != 12*frame || len(pb) != 18*frame || pa[len(pa)-1] != 12 || pb[0] != 13 {
		t.Errorf("A played %d samples (last frame %d), B %d; want frames 1-12 on A and 13-30 on B", len(pa)/frame, pa[len(pa)-1], len(pb)/frame)
	}
	if c := ev.next(t, control.DeviceSelected); c.Taken != "test:B" {
		t.Errorf("selected event %+v, want test:B", c)
	}
}

// TestHotOutputFailedOpenAndNull: a device that does not open is reported with the one taken
// instead; when nothing opens the stream goes on into the null device; Close ends it.
func TestHotOutputFailedOpenAndNull(t *testing.T) {
	b := &audiotest.Device{Name: "B", Rate: 48000}
	d, _ := testDrivers(b)
	ev := make(events, 16)
	out := audio.NewHotOutput(d, []string{"test:gone", "test:B"}, ev.opts("audiooutput"))
	if c := ev.next(t, control.DeviceFailed); c.Device != "test:gone" || c.Taken != "test:B" || c.Reason == "" {
		t.Errorf("failed event %+v, want test:gone, taken test:B, with a reason", c)
	}
	if out.Rate() != 48000 {
		t.Errorf("rate %d, want the first device's 48000", out.Rate())
	}
	b.Unplug()
	if err := out.Write(make([]int16, 960)); err != nil {
		t.Fatal(err)
	}
	if c := ev.next(t, control.DeviceLost); c.Device != "test:B" || c.Taken != "null" {
		t.Errorf("lost event %+v, want test:B lost, null taken", c)
	}
	out.Close()
	if err := out.Write(make([]int16, 960)); !errors.Is(err, audio.ErrClosed) {
		t.Errorf("write after close: %v, want ErrClosed", err)
	}
}

// TestHotInputResamplesANewRate: a device of another rate than the first one is resampled, so
// Read keeps returning the samples of the rate the engine was built for.
func TestHotInputResamplesANewRate(t *testing.T) {
	a := &audiotest.Device{Name: "A", Rate: 16000, Marker: 1000}
	b := &audiotest.Device{Name: "B", Rate: 48000, Marker: 3000}
	d, _ := testDrivers(a, b)
	in := audio.NewHotInput(d, []string{"test:A"}, audio.HotOptions{Role: "audioinput"})
	defer in.Close()
	buf := make([]int16, frame)
	in.Switch([]string{"test:B"})
	for range 10 {
		if err := in.Read(buf); err != nil {
			t.Fatal(err)
		}
	}
	if in.Rate() != 16000 || buf[frame/2] < 2900 || buf[frame/2] > 3100 {
		t.Errorf("rate %d, marker %d; want 16000 and B's 3000 resampled", in.Rate(), buf[frame/2])
	}
}

// BenchmarkHotInputRead is the per-frame cost the hot device adds to a capture read (the
// test device itself copies a marker): no allocation per frame.
func BenchmarkHotInputRead(b *testing.B) {
	d, _ := testDrivers(&audiotest.Device{Name: "A", Rate: 16000, Marker: 1})
	in := audio.NewHotInput(d, []string{"test:A"}, audio.HotOptions{Role: "audioinput"})
	defer in.Close()
	buf := make([]int16, frame)
	b.ReportAllocs()
	for b.Loop() {
		if err := in.Read(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHotOutputWriteResampled is a playback write through the hot device to a device of
// another rate than the engine's (48 kHz device behind a 16 kHz start).
func BenchmarkHotOutputWriteResampled(b *testing.B) {
	d, _ := testDrivers(&audiotest.Device{Name: "A", Rate: 16000}, &audiotest.Device{Name: "B", Rate: 48000, Discard: true})
	out := audio.NewHotOutput(d, []string{"test:A"}, audio.HotOptions{Role: "audiooutput"})
	defer out.Close()
	buf := make([]int16, frame)
	out.Switch([]string{"test:B"})
	b.ReportAllocs()
	for b.Loop() {
		if err := out.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHotSwitchKeepsTheDeviceInUse: a new list whose first device is missing and whose second
// is the one in use reports the missing one and keeps the device open, without reopening it.
func TestHotSwitchKeepsTheDeviceInUse(t *testing.T) {
	a := &audiotest.Device{Name: "A", Rate: 16000}
	d, _ := testDrivers(a)
	ev := make(events, 16)
	out := audio.NewHotOutput(d, []string{"test:A"}, ev.opts("audiooutput"))
	defer out.Close()
	out.Switch([]string{"test:missing", "test:A"})
	if err := out.Write(make([]int16, frame)); err != nil {
		t.Fatal(err)
	}
	if c := ev.next(t, control.DeviceFailed); c.Device != "test:missing" || c.Taken != "test:A" {
		t.Errorf("failed event %+v, want test:missing, A kept", c)
	}
	if name, list := out.InUse(); name != "test:A" || len(list) != 2 || a.Opens() != 1 || len(a.Played()) != frame {
		t.Errorf("in use %q of %v, A opened %d times, played %d samples; want A kept open once", name, list, a.Opens(), len(a.Played()))
	}
}

// TestHotConcurrentChanges reads while the list is switched, devices come and go, the probe
// runs and the device is closed: under -race nothing races, nothing crashes, and Read fails
// only once closed.
func TestHotConcurrentChanges(t *testing.T) {
	a := &audiotest.Device{Name: "A", Rate: 16000, Marker: 1}
	b := &audiotest.Device{Name: "B", Rate: 48000, Marker: 2}
	d, _ := testDrivers(a, b)
	in := audio.NewHotInput(d, []string{"test:A", "test:B"}, audio.HotOptions{Role: "audioinput",
		OnChange: func(control.DeviceChange) {}, ProbeInterval: time.Millisecond})
	done := make(chan error)
	go func() {
		buf := make([]int16, frame)
		for {
			if err := in.Read(buf); err != nil {
				done <- err
				return
			}
		}
	}()
	lists := [][]string{{"test:B", "test:A"}, {"test:A"}, {"test:missing", "test:B"}, nil}
	for i := range 200 {
		in.Switch(lists[i%len(lists)])
		if i%3 == 0 {
			a.Unplug()
		} else {
			a.Plug()
		}
		in.InUse()
	}
	in.Close()
	if err := <-done; !errors.Is(err, audio.ErrClosed) {
		t.Errorf("read ended with %v, want ErrClosed", err)
	}
}
