package media

import (
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"softphone/phone/audio"
)

// ErrDevice wraps errors reported by audio devices through OnError.
var ErrDevice = errors.New("media: audio device error")

// Stream is a source and sink of 20 ms frames at InternalRate: a call's
// Session, a tone, the echo test or a conference.
type Stream interface {
	// ReadFrame fills pcm (FrameSamples samples) with what this stream plays
	// to the local user.
	ReadFrame(pcm []int16)
	// WriteFrame gives the stream FrameSamples samples of local audio.
	WriteFrame(pcm []int16) error
}

// Volume device numbers for Engine.SetVolume.
const (
	VolumeMic     = 0
	VolumeSpeaker = 1
	VolumeRing    = 2
)

// EngineConfig names the engine's devices. Output and Input may be nil (that
// direction is then paced by the other device, or by a timer if both are nil);
// Ring nil plays the ring tone through Output.
type EngineConfig struct {
	Input  audio.Input
	Output audio.Output
	Ring   audio.Output
	Logger *slog.Logger
}

// Engine connects audio devices to attached streams: it captures, mixes
// (mix-minus, so several streams form a conference), plays out and rings.
type Engine struct {
	cfg EngineConfig
	log *slog.Logger

	mu          sync.Mutex // guards streams, tone, ring, onError
	streams     []*attached
	tone, ring  Stream
	onError     func(error)
	ringChanged chan struct{}

	micMute, spkMute atomic.Bool
	volume           [3]atomic.Int32 // percent, 50 = unity
	micLevel         levelMeter
	spkLevel         levelMeter
	micVAD, spkVAD   vadMeter   // voice activity (vad.go)
	voice            voiceStage // echo cancellation, denoise, AGC (aec.go)

	cap  captureState // owned by the capture clock
	play playState    // owned by the playback clock

	done      chan struct{}
	wg        sync.WaitGroup
	startOnce sync.Once
	closeOnce sync.Once
}

// attached is one stream and its mix-minus buffers.
type attached struct {
	id     string
	s      Stream
	played []int16 // last frame read from s (playback clock)
	heard  []int16 // frame popped for mix-minus (capture clock)
	send   []int16 // mic + others, written to s
	fifo   mixFIFO
}

// NewEngine returns an engine for the given devices; call Start to run it.
func NewEngine(cfg EngineConfig) *Engine {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{cfg: cfg, log: log, done: make(chan struct{}), ringChanged: make(chan struct{}, 1)}
	for i := range e.volume {
		e.volume[i].Store(unityPercent)
	}
	e.voice.init(log)
	e.cap.init(cfg.Input)
	e.play.init(cfg.Output)
	return e
}

// OnError sets the callback for device errors (wrapping ErrDevice). The engine
// keeps running the other directions; the failing one retries with back-off.
func (e *Engine) OnError(f func(error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.onError = f
}

func (e *Engine) reportError(err error) {
	e.log.Warn("audio device error", "err", err)
	e.mu.Lock()
	f := e.onError
	e.mu.Unlock()
	if f != nil {
		f(err)
	}
}

// Attach adds (or replaces) a stream under id.
func (e *Engine) Attach(id string, s Stream) {
	a := &attached{id: id, s: s, played: make([]int16, FrameSamples),
		heard: make([]int16, FrameSamples), send: make([]int16, FrameSamples)}
	a.fifo.init(mixFIFOFrames)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.streams = slices.DeleteFunc(e.streams, func(x *attached) bool { return x.id == id })
	e.streams = append(e.streams, a)
}

// Detach removes the stream attached under id.
func (e *Engine) Detach(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.streams = slices.DeleteFunc(e.streams, func(x *attached) bool { return x.id == id })
}

// SetTone sets the local tone mixed into playback (ringback, busy); nil = off.
func (e *Engine) SetTone(t Stream) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tone = t
}

// SetRing sets the ring tone played on the ring device (or Output when there
// is no ring device); nil = off.
func (e *Engine) SetRing(t Stream) {
	e.mu.Lock()
	e.ring = t
	e.mu.Unlock()
	select {
	case e.ringChanged <- struct{}{}:
	default:
	}
}

// SetMute mutes the microphone and/or the speaker.
func (e *Engine) SetMute(mic, speaker bool) {
	e.micMute.Store(mic)
	e.spkMute.Store(speaker)
}

// SetProcessing switches echo cancellation, noise suppression and automatic
// gain on the capture path, from the next captured frame on.
func (e *Engine) SetProcessing(p Processing) { e.voice.set(p) }

// SetVolume sets a device's volume in percent (0-100, 50 = unity):
// dev 0 = mic, 1 = speaker, 2 = ring. Other devices are ignored.
func (e *Engine) SetVolume(dev int, percent int) {
	if dev < 0 || dev >= len(e.volume) {
		return
	}
	e.volume[dev].Store(int32(min(max(percent, 0), 100)))
}

// Levels returns the recent microphone (after gain/mute) and speaker RMS
// levels in dBFS (-96 for silence).
func (e *Engine) Levels() (mic, speaker float64) {
	return e.micLevel.value(), e.spkLevel.value()
}

// snapshot copies the attached streams into dst (reused, allocation-free).
func (e *Engine) snapshot(dst []*attached) ([]*attached, Stream, Stream) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append(dst[:0], e.streams...), e.tone, e.ring
}

// Start runs the capture, playback and ring goroutines. It is idempotent.
func (e *Engine) Start() {
	e.startOnce.Do(func() {
		in, out := e.cfg.Input != nil, e.cfg.Output != nil
		if in {
			e.wg.Add(1)
			go e.captureLoop(!out)
		}
		if out {
			e.wg.Add(1)
			go e.playbackLoop(!in)
		}
		if !in && !out {
			e.wg.Add(1)
			go e.timerLoop()
		}
		if e.cfg.Ring != nil {
			e.wg.Add(1)
			go e.ringLoop()
		}
	})
}

// Close stops the goroutines and closes the devices.
func (e *Engine) Close() error {
	var errs []error
	e.closeOnce.Do(func() {
		close(e.done)
		for _, d := range []interface{ Close() error }{e.cfg.Input, e.cfg.Output, e.cfg.Ring} {
			if d != nil {
				if err := d.Close(); err != nil {
					errs = append(errs, err)
				}
			}
		}
		e.wg.Wait()
	})
	return errors.Join(errs...)
}

func (e *Engine) closed() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}
