package media

import (
	"log/slog"
	"sync"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone/audio"
)

// instantClock paces the room device without waiting: Sleep only moves Now on,
// so a room test runs as fast as the engine can process.
type instantClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// farEnd is an attached Stream standing in for a call: it plays far (looped)
// to the speaker and records what the engine sends it until it has frames
// frames, then closes done.
type farEnd struct {
	far    []int16
	pos    int
	mu     sync.Mutex
	sent   []int16
	frames int
	done   chan struct{}
	// at, when set, is called with the number of frames sent so far, after each.
	at func(frames int)
}

func newFarEnd(far []int16, frames int) *farEnd {
	return &farEnd{far: far, frames: frames, done: make(chan struct{}), sent: make([]int16, 0, frames*FrameSamples)}
}

func (f *farEnd) ReadFrame(pcm []int16) {
	for i := range pcm {
		if len(f.far) == 0 {
			pcm[i] = 0
			continue
		}
		pcm[i] = f.far[f.pos%len(f.far)]
		f.pos++
	}
}

func (f *farEnd) WriteFrame(pcm []int16) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) < f.frames*FrameSamples {
		f.sent = append(f.sent, pcm...)
		if len(f.sent) == f.frames*FrameSamples {
			close(f.done)
		}
		if f.at != nil {
			f.at(len(f.sent) / FrameSamples)
		}
	}
	return nil
}

// roomCall runs an engine on a room device (echo after delay, at gainDB, plus
// near) with far playing from the attached stream, and returns what the engine
// sent to the stream over seconds of audio.
func roomCall(t *testing.T, p Processing, far, near []int16, seconds int) []int16 {
	t.Helper()
	return roomCallGain(t, p, far, near, seconds, -6)
}

func roomCallGain(t *testing.T, p Processing, far, near []int16, seconds int, gainDB float64) []int16 {
	t.Helper()
	return roomCallAt(t, p, far, near, seconds, audio.RoomConfig{Delay: 50 * time.Millisecond, GainDB: gainDB}, nil)
}

// roomCallAt is roomCall in room (near added) calling at with the engine
// after each frame sent.
func roomCallAt(t *testing.T, p Processing, far, near []int16, seconds int, room0 audio.RoomConfig, at func(e *Engine, frames int)) []int16 {
	t.Helper()
	room0.Near = near
	room := audio.NewRoomDriver(room0,
		audio.WithClock(&instantClock{now: time.Unix(0, 0)}), audio.WithRate(InternalRate))
	in, err := room.OpenInput("")
	if err != nil {
		t.Fatal(err)
	}
	out, err := room.OpenOutput("")
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(EngineConfig{Input: in, Output: out})
	e.SetProcessing(p)
	fe := newFarEnd(far, seconds*50)
	if at != nil {
		fe.at = func(frames int) { at(e, frames) }
	}
	e.Attach("line1", fe)
	e.Start()
	select {
	case <-fe.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the engine did not capture the call's frames")
	}
	e.Close()
	return fe.sent
}

// speech16k is espeak-ng speech at InternalRate, repeated to last total.
func speech16k(t *testing.T, total time.Duration) []int16 { return speechText16k(t, "", total) }

// speechText16k is text spoken by espeak-ng at InternalRate, repeated to last total.
func speechText16k(t *testing.T, text string, total time.Duration) []int16 {
	t.Helper()
	wav := testpeer.RepeatWAV(t, testpeer.SpeechWAV(t, text, InternalRate), 300*time.Millisecond, total)
	pcm, err := audiocheck.Load(wav, InternalRate)
	if err != nil {
		t.Fatal(err)
	}
	return pcm
}

// convergeSeconds is how long the canceller is given to learn the room: with
// speech at the far end the adaptive filter alone passes 20 dB of ERLE after
// 3-4 s; with the preprocessor's residual echo suppression (always on with
// the canceller) in under 2 s.
const convergeSeconds = 2

// converged is the part of a recording after the canceller's convergence time.
func converged(pcm []int16) []int16 { return pcm[convergeSeconds*InternalRate:] }

// TestEchoCancelRoom: the far end's speech comes back from the room 50 ms late
// at -6 dB; with echo cancellation the echo sent back to the far end after the
// first 2 s is at least 20 dB below what it is without.
func TestEchoCancelRoom(t *testing.T) {
	const seconds = 14
	far := speech16k(t, (seconds+2)*time.Second)
	farDB := audiocheck.RMSdBFS(converged(far[:seconds*InternalRate]))
	off := roomCall(t, Processing{}, far, nil, seconds)
	offDB := audiocheck.RMSdBFS(converged(off))
	// Without the canceller the far end hears itself at the room's -6 dB: the room works.
	if d := offDB - farDB; d < -8 || d > -4 {
		t.Fatalf("echo without cancellation at %.1f dB relative to the far end's speech, want about -6", d)
	}
	for _, p := range []Processing{{EchoCancel: true}, {EchoCancel: true, Denoise: true, AGC: true}} {
		on := roomCall(t, p, far, nil, seconds)
		onDB := audiocheck.RMSdBFS(converged(on))
		erle := offDB - onDB
		t.Logf("%+v: echo %.1f dBFS without, %.1f dBFS with: ERLE %.1f dB", p, offDB, onDB, erle)
		if erle < 20 {
			t.Errorf("%+v: ERLE %.1f dB, want at least 20", p, erle)
		}
	}
}

// TestEchoCancelKeepsNearEnd: with the canceller on and a silent far end, what
// the user says reaches the far end at its level and shape, one frame late
// (the preprocessor's overlap).
func TestEchoCancelKeepsNearEnd(t *testing.T) {
	near := speech16k(t, 8*time.Second)
	got := roomCall(t, Processing{EchoCancel: true}, nil, near, 8)
	want, sent := converged(near[:len(got)]), converged(got)
	if d := audiocheck.RMSdBFS(sent) - audiocheck.RMSdBFS(want); d < -3 || d > 3 {
		t.Errorf("near-end speech arrived %.1f dB off its level", d)
	}
	if peak, lag := audiocheck.Correlation(want, sent); peak < 0.9 || lag != FrameSamples {
		t.Errorf("near-end speech correlates %.2f at lag %d, want >= 0.9 at %d", peak, lag, FrameSamples)
	}
}

// TestEchoCancelDoubleTalk: the user and the far end talk at once; with the
// canceller the far end gets the user's speech at its level and closer to it
// (correlation >= 0.95, 0.89 for speech plus the room's echo); what is left
// after subtracting the user's speech (echo, and the speech the residual echo
// suppressor bent) is lower than without the canceller, where it is the echo.
func TestEchoCancelDoubleTalk(t *testing.T) {
	const seconds = 12
	far := speech16k(t, (seconds+2)*time.Second)
	near := speechText16k(t, "Six sisters sell fresh seashells. Seven swift ships sail past the shore.", (seconds+2)*time.Second)
	rest := map[bool]float64{}
	for _, p := range []Processing{{}, {EchoCancel: true}} {
		got := roomCall(t, p, far, near, seconds)
		lag := 0
		if p.EchoCancel {
			lag = FrameSamples // the preprocessor's frame of latency
		}
		want, sent := converged(near[:len(got)-lag]), converged(got[lag:])
		diff := make([]int16, len(sent))
		for i := range diff {
			diff[i] = int16(min(max(int32(sent[i])-int32(want[i]), -32768), 32767))
		}
		peak, _ := audiocheck.Correlation(want, sent)
		level := audiocheck.RMSdBFS(sent) - audiocheck.RMSdBFS(want)
		rest[p.EchoCancel] = audiocheck.RMSdBFS(diff) - audiocheck.RMSdBFS(want)
		t.Logf("%+v: what was sent correlates %.2f with the user's speech, is %.1f dB off its level; the rest is %.1f dB below it",
			p, peak, level, -rest[p.EchoCancel])
		if p.EchoCancel && (peak < 0.95 || level < -3 || level > 3) {
			t.Errorf("%+v: what was sent correlates %.2f with the user's speech, %.1f dB off its level: want >= 0.95, within 3 dB",
				p, peak, level)
		}
	}
	if rest[true] > rest[false]-3 {
		t.Errorf("during double talk the rest is %.1f dB below the user's speech with the canceller, %.1f dB without: want 3 dB more",
			-rest[true], -rest[false])
	}
}

// TestEchoCancelSwitchedLive: a call that starts with the canceller off and
// switches it on after 4 s sends the far end its echo at the room's level
// before, and at least 20 dB less from 2 s after the switch.
func TestEchoCancelSwitchedLive(t *testing.T) {
	const seconds, switchAt = 12, 4
	far := speech16k(t, (seconds+2)*time.Second)
	got := roomCallAt(t, Processing{}, far, nil, seconds, audio.RoomConfig{Delay: 50 * time.Millisecond, GainDB: -6}, func(e *Engine, frames int) {
		if frames == switchAt*50 {
			e.SetProcessing(Processing{EchoCancel: true})
		}
	})
	before := audiocheck.RMSdBFS(got[InternalRate : switchAt*InternalRate])
	after := audiocheck.RMSdBFS(got[(switchAt+convergeSeconds)*InternalRate:])
	t.Logf("echo %.1f dBFS before the switch, %.1f dBFS after: %.1f dB less", before, after, before-after)
	if before-after < 20 {
		t.Errorf("switching the canceller on mid-call reduced the echo by %.1f dB, want at least 20", before-after)
	}
}

// The stage allocates nothing per frame (once its speexdsp states exist).
func TestVoiceStageAllocs(t *testing.T) {
	var v voiceStage
	v.init(slog.New(slog.DiscardHandler))
	v.set(Processing{EchoCancel: true, Denoise: true, AGC: true})
	ref, mic := speechLike(), make([]int16, FrameSamples)
	frame := func() {
		v.played(ref)
		copy(mic, ref)
		v.process(mic)
	}
	frame()
	if n := testing.AllocsPerRun(200, frame); n != 0 {
		t.Errorf("%.1f allocations per frame, want 0", n)
	}
}

// TestEchoCancelPlaybackAhead: the speaker runs 150 ms ahead of the
// microphone (a capture device that started late), so the echo is of speaker
// frames the capture clock counts as 6 frames in the future, which an adaptive
// filter cannot reach; the aligner finds the echo from the frame energies
// (after 3 s) and the echo the far end gets from 6 s on is at least 20 dB below
// the room's.
func TestEchoCancelPlaybackAhead(t *testing.T) {
	const seconds, from = 16, 6
	far := speech16k(t, (seconds+2)*time.Second)
	room := audio.RoomConfig{Delay: 30 * time.Millisecond, GainDB: -6, Lead: 150 * time.Millisecond}
	off := roomCallAt(t, Processing{}, far, nil, seconds, room, nil)
	on := roomCallAt(t, Processing{EchoCancel: true}, far, nil, seconds, room, nil)
	offDB, onDB := audiocheck.RMSdBFS(off[from*InternalRate:]), audiocheck.RMSdBFS(on[from*InternalRate:])
	t.Logf("echo %.1f dBFS without the canceller, %.1f dBFS with: ERLE %.1f dB", offDB, onDB, offDB-onDB)
	if offDB-onDB < 20 {
		t.Errorf("ERLE %.1f dB with the playback ahead, want at least 20", offDB-onDB)
	}
}
