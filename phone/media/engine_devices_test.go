package media

import (
	"sync"
	"testing"
	"time"

	"softphone/internal/audiotest"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// markerStream plays frame n as the constant n+1 and records the first sample of every frame
// of microphone audio it is given, until want frames have arrived.
type markerStream struct {
	mu   sync.Mutex
	next int16
	got  []int16
	want int
	full chan struct{}
}

func (m *markerStream) ReadFrame(pcm []int16) {
	m.mu.Lock()
	m.next++
	v := m.next
	m.mu.Unlock()
	for i := range pcm {
		pcm[i] = v
	}
}

func (m *markerStream) WriteFrame(pcm []int16) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.got) < m.want {
		m.got = append(m.got, pcm[FrameSamples/2])
		if len(m.got) == m.want {
			close(m.full)
		}
	}
	return nil
}

// frameMS is the length of a frame in milliseconds.
const frameMS = int(FrameDuration / time.Millisecond)

// gapFrames counts the frames between the last frame where from(v) held and the first
// where to(v) does, in a sequence of per-frame values.
func gapFrames(seq []int16, from, to func(int16) bool) (gap, last, first int) {
	last, first = -1, -1
	for i, v := range seq {
		if from(v) {
			last = i
		}
		if to(v) && first < 0 {
			first = i
		}
	}
	return first - last - 1, last, first
}

// TestEngineDeviceFallback unplugs the microphone and the speaker mid-stream (a test driver
// whose devices fail after a number of samples): the engine goes on with the next device of
// each ranked list within 200 ms of audio, counted in frames, with an event naming the lost
// device and the one taken.
func TestEngineDeviceFallback(t *testing.T) {
	micA := &audiotest.Device{Name: "micA", Rate: 16000, Marker: 1000}
	micB := &audiotest.Device{Name: "micB", Rate: 48000, Marker: 2000} // another rate: resampled by the hot device
	spkA := &audiotest.Device{Name: "spkA", Rate: 16000}
	spkB := &audiotest.Device{Name: "spkB", Rate: 16000}
	drivers := audio.NewDrivers(audiotest.New(micA, micB, spkA, spkB), audio.NewNullDriver())
	events := make(chan control.DeviceChange, 64)
	opts := func(role string) audio.HotOptions {
		return audio.HotOptions{Role: role, OnChange: func(c control.DeviceChange) {
			select {
			case events <- c:
			default:
				t.Errorf("event %+v not kept", c)
			}
		}}
	}
	in := audio.NewHotInput(drivers, []string{"test:micA", "test:micB"}, opts("audioinput"))
	out := audio.NewHotOutput(drivers, []string{"test:spkA", "test:spkB"}, opts("audiooutput"))
	const before = 25 // frames on the first devices
	micA.FailAfter(before * FrameSamples)
	spkA.FailAfter(before * FrameSamples)
	s := &markerStream{want: 3 * before, full: make(chan struct{})}
	e := NewEngine(EngineConfig{Input: in, Output: out})
	e.Attach("line1", s)
	e.Start()
	<-s.full
	for len(spkB.Played()) < before*FrameSamples { // playback runs on its own clock
		time.Sleep(time.Millisecond)
	}
	e.Close()

	gap, last, first := gapFrames(s.got, func(v int16) bool { return v > 900 && v < 1100 },
		func(v int16) bool { return v > 1900 && v < 2100 })
	t.Logf("microphone: last frame of micA %d, first of micB %d: %d frames (%d ms) without a microphone", last, first, gap, gap*frameMS)
	if last < 0 || first < 0 || gap > 200/frameMS {
		t.Errorf("microphone frames %v: want micA then micB within 200 ms of audio", s.got)
	}
	pa, pb := spkA.Played(), spkB.Played()
	lostFrames := int(pb[FrameSamples/2]) - int(pa[len(pa)-FrameSamples/2]) - 1
	t.Logf("speaker: last frame on spkA %d, first on spkB %d: %d frames (%d ms) lost", pa[len(pa)-1], pb[FrameSamples/2], lostFrames, lostFrames*frameMS)
	if lostFrames < 0 || lostFrames > 200/frameMS {
		t.Errorf("speaker: %d frames between spkA and spkB, want at most %d", lostFrames, 200/frameMS)
	}
	close(events)
	seen := map[string]control.DeviceChange{}
	for c := range events {
		if c.Change == control.DeviceLost {
			seen[c.Role] = c
		}
	}
	if c := seen["audioinput"]; c.Device != "test:micA" || c.Taken != "test:micB" || c.Reason == "" {
		t.Errorf("microphone event %+v, want micA lost, micB taken, with the driver's reason", c)
	}
	if c := seen["audiooutput"]; c.Device != "test:spkA" || c.Taken != "test:spkB" {
		t.Errorf("speaker event %+v, want spkA lost, spkB taken", c)
	}
}
