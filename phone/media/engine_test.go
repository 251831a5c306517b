package media

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"
)

var errFakeClosed = errors.New("fake device closed")

// fakeInput delivers the frames the test sends on feed; Read blocks until one
// arrives, so the test is the capture clock.
type fakeInput struct {
	rate      int
	feed      chan []int16
	fail      chan error // a value here makes the next Read fail
	done      chan struct{}
	closeOnce sync.Once
}

func newFakeInput(rate int) *fakeInput {
	return &fakeInput{rate: rate, feed: make(chan []int16), fail: make(chan error, 4), done: make(chan struct{})}
}

func (f *fakeInput) Rate() int { return f.rate }
func (f *fakeInput) Read(buf []int16) error {
	select {
	case err := <-f.fail:
		return err
	default:
	}
	select {
	case fr := <-f.feed:
		copy(buf, fr)
		return nil
	case <-f.done:
		return errFakeClosed
	}
}
func (f *fakeInput) Close() error { f.closeOnce.Do(func() { close(f.done) }); return nil }

// fakeOutput hands every written frame to the test on played; Write blocks
// until the test takes it, so the test is the playback clock.
type fakeOutput struct {
	rate      int
	played    chan []int16
	done      chan struct{}
	closeOnce sync.Once
}

func newFakeOutput(rate int) *fakeOutput {
	return &fakeOutput{rate: rate, played: make(chan []int16), done: make(chan struct{})}
}

func (f *fakeOutput) Rate() int { return f.rate }
func (f *fakeOutput) Write(buf []int16) error {
	select {
	case f.played <- append([]int16(nil), buf...):
		return nil
	case <-f.done:
		return errFakeClosed
	}
}
func (f *fakeOutput) Close() error { f.closeOnce.Do(func() { close(f.done) }); return nil }

func (f *fakeOutput) next(t *testing.T) []int16 {
	t.Helper()
	select {
	case fr := <-f.played:
		return fr
	case <-time.After(5 * time.Second):
		t.Fatal("no frame played")
		return nil
	}
}

// constStream plays a constant value and records what it is sent.
type constStream struct {
	value int16
	mu    sync.Mutex
	got   [][]int16
}

func (s *constStream) ReadFrame(pcm []int16) {
	for i := range pcm {
		pcm[i] = s.value
	}
}
func (s *constStream) WriteFrame(pcm []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, append([]int16(nil), pcm...))
	return nil
}
func (s *constStream) frames() [][]int16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]int16(nil), s.got...)
}

func constFrame(n int, v int16) []int16 {
	f := make([]int16, n)
	for i := range f {
		f[i] = v
	}
	return f
}

// runLockstep plays and captures n frames.
func runLockstep(t *testing.T, in *fakeInput, out *fakeOutput, n int, mic int16) [][]int16 {
	t.Helper()
	var played [][]int16
	for range n {
		played = append(played, out.next(t))
		select {
		case in.feed <- constFrame(in.rate/50, mic):
		case <-time.After(5 * time.Second):
			t.Fatal("capture not reading")
		}
	}
	return played
}

func TestEngineMixMinus(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	a, b := &constStream{value: 1000}, &constStream{value: 2000}
	e.Attach("a", a)
	e.Attach("b", b)
	e.Start()
	defer e.Close()
	played := runLockstep(t, in, out, 20, 100)
	for i, fr := range played {
		if fr[0] != 3000 || fr[FrameSamples-1] != 3000 {
			t.Fatalf("played frame %d = %d, want 3000 (a+b)", i, fr[0])
		}
	}
	check := func(name string, s *constStream, own, want int16) {
		sawMix := false
		for i, fr := range s.frames() {
			for _, v := range fr {
				if v != 100 && v != want {
					t.Fatalf("%s frame %d has %d; want mic 100 or mic+other %d (own %d must never come back)", name, i, v, want, own)
				}
			}
			sawMix = sawMix || fr[0] == want
		}
		if !sawMix {
			t.Errorf("%s never received the other stream", name)
		}
	}
	check("a", a, 1000, 2100)
	check("b", b, 2000, 1100)
}

func TestEngineResamplesDevices(t *testing.T) {
	in, out := newFakeInput(48000), newFakeOutput(44100)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	a := &constStream{value: 3000}
	e.Attach("a", a)
	e.Start()
	defer e.Close()
	played := runLockstep(t, in, out, 30, 1200)
	last := played[len(played)-1]
	if n := len(last); n != 882 {
		t.Fatalf("device frame %d samples, want 882", n)
	}
	for _, v := range last {
		if v < 2995 || v > 3005 {
			t.Fatalf("played %d after resampling, want ~3000", v)
		}
	}
	fr := a.frames()
	if got := fr[len(fr)-1][FrameSamples/2]; got < 1195 || got > 1205 {
		t.Errorf("stream got mic %d, want ~1200", got)
	}
}

func TestEngineGainMuteToneAndLevels(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	a := &constStream{value: 20000}
	e.Attach("a", a)
	e.SetTone(&constStream{value: 500})
	e.SetVolume(VolumeSpeaker, 100) // double: 2*(20000+500) clips
	e.SetMute(true, false)
	e.Start()
	defer e.Close()
	played := runLockstep(t, in, out, 5, 1000)
	if v := played[4][0]; v != math.MaxInt16 {
		t.Errorf("played %d, want clipped %d", v, math.MaxInt16)
	}
	for _, fr := range a.frames() {
		if fr[0] != 0 {
			t.Fatalf("muted mic sent %d", fr[0])
		}
	}
	mic, spk := e.Levels()
	if mic != silenceDB || spk < -1 || spk > 0 {
		t.Errorf("levels mic %.1f speaker %.1f, want %.0f and ~0 dBFS", mic, spk, silenceDB)
	}
	e.SetMute(false, true)
	e.SetVolume(VolumeMic, 25) // half
	played = runLockstep(t, in, out, 6, 1000)
	if v := played[5][0]; v != 0 {
		t.Errorf("muted speaker played %d", v)
	}
	fr := a.frames()
	if v := fr[len(fr)-1][0]; v != 500 {
		t.Errorf("mic at 25%% sent %d, want 500", v)
	}
	if mic, _ := e.Levels(); mic < -37 || mic > -35 { // 500/32768 = -36.3 dBFS
		t.Errorf("mic level %.1f dBFS, want about -36.3", mic)
	}
}

func TestEngineRingDevice(t *testing.T) {
	in, out, ring := newFakeInput(16000), newFakeOutput(16000), newFakeOutput(8000)
	e := NewEngine(EngineConfig{Input: in, Output: out, Ring: ring})
	e.Start()
	defer e.Close()
	e.SetRing(&constStream{value: 700})
	var fr []int16
	for range 5 {
		fr = ring.next(t)
	}
	if len(fr) != 160 || fr[80] < 695 || fr[80] > 705 {
		t.Errorf("ring device got %d samples of %d, want 160 of ~700", len(fr), fr[80])
	}
	e.SetRing(nil)
}

func TestEngineRingWithoutRingDevice(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	e.SetRing(&constStream{value: 700})
	e.Start()
	defer e.Close()
	if v := runLockstep(t, in, out, 2, 0)[1][0]; v != 700 {
		t.Errorf("output played %d, want ring 700", v)
	}
}

func TestEngineInputErrorKeepsPlayback(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	errs := make(chan error, 8)
	e.OnError(func(err error) { errs <- err })
	e.Attach("a", &constStream{value: 42})
	in.fail <- errors.New("usb unplugged")
	e.Start()
	select {
	case err := <-errs:
		if !errors.Is(err, ErrDevice) {
			t.Errorf("error %v does not wrap ErrDevice", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no error reported")
	}
	for range 5 { // playback keeps going without capture
		if v := out.next(t)[0]; v != 42 {
			t.Fatalf("played %d, want 42", v)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestEngineCloseUnblocksDevices(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out, Ring: newFakeOutput(16000)})
	e.Start()
	done := make(chan error)
	go func() { done <- e.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close hung on blocked devices")
	}
}

func TestEchoTestLoopsAudioBack(t *testing.T) {
	echo, err := NewEchoTest(DefaultRegistry())
	if err != nil {
		t.Fatal(err)
	}
	defer echo.Close()
	frames := sineFrames(60, 600, 9000)
	var sent, got []int16
	out := make([]int16, FrameSamples)
	for i, f := range frames {
		echo.WriteFrame(f)
		sent = append(sent, f...)
		eventually(t, "loopback", func() bool { return echo.Stats().PacketsReceived >= uint64(i+1) })
		echo.ReadFrame(out)
		got = append(got, out...)
	}
	if c := bestCorrelation(sent[:len(sent)/2], got, 10*FrameSamples); c < 0.95 {
		t.Errorf("echo correlates %.3f with input, want >= 0.95", c)
	}
}
