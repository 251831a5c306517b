package media

import (
	"log/slog"
	"sync/atomic"
	"time"

	"softphone/phone/media/speexdsp"
)

// The capture path's voice processing stage: echo cancellation, residual echo
// and noise suppression, automatic gain (libspeexdsp through package
// speexdsp). It runs on the capture clock between the resampler and the mic
// gain/mute, at InternalRate, and sees the speaker's frames through a FIFO the
// playback clock fills with the exact frame it sends to the device.

// EchoTail is the longest echo path (speaker -> room -> microphone, device
// buffers included) the canceller removes.
const EchoTail = 200 * time.Millisecond

// echoTailSamples is EchoTail at InternalRate.
const echoTailSamples = int(EchoTail * InternalRate / time.Second)

// echoRefFrames is how many speaker frames may wait for the capture clock
// (500 ms): the capture clock takes them all every frame, so only a capture
// device stalled that long loses some.
const echoRefFrames = 25

// noiseSuppressDB is how far the denoiser attenuates noise at most
// (speexdsp's default).
const noiseSuppressDB = -15

// Processing switches the capture path's voice processing.
type Processing struct {
	EchoCancel bool // remove the speaker's echo from the microphone (aec)
	Denoise    bool // suppress stationary noise (denoise)
	AGC        bool // automatic gain control (agc)
}

// bits packs p for an atomic.
func (p Processing) bits() uint32 {
	var b uint32
	if p.EchoCancel {
		b |= 1
	}
	if p.Denoise {
		b |= 2
	}
	if p.AGC {
		b |= 4
	}
	return b
}

// processingOf unpacks bits.
func processingOf(b uint32) Processing {
	return Processing{EchoCancel: b&1 != 0, Denoise: b&2 != 0, AGC: b&4 != 0}
}

// voiceStage is the processing stage. want is set from any goroutine; the
// rest belongs to the capture clock, except ref (pushed by the playback clock).
type voiceStage struct {
	want atomic.Uint32
	have uint32
	log  *slog.Logger

	ref    mixFIFO     // speaker frames, playback clock -> capture clock
	align  echoAligner // pairs captured frames with speaker frames (aecalign.go)
	out    []int16
	echo   *speexdsp.EchoCanceller
	pre    *speexdsp.Preprocessor
	failed bool // the states could not be made: audio passes unchanged
}

func (v *voiceStage) init(log *slog.Logger) {
	v.log = log
	v.ref.init(echoRefFrames)
	v.align.init()
	v.out = make([]int16, FrameSamples)
}

// set asks for p from the next captured frame on.
func (v *voiceStage) set(p Processing) { v.want.Store(p.bits()) }

// played queues the frame sent to the speaker (playback clock).
func (v *voiceStage) played(pcm []int16) { v.ref.push(pcm) }

// restart pairs the speaker frames afresh after the input or output changed device, such as
// a microphone joining a call that ran without one: the echo path is new and the frame
// numbers no longer tell where it is (capture clock).
func (v *voiceStage) restart() {
	v.align.drain(&v.ref)
	v.align.restart()
	if v.echo != nil && processingOf(v.have).EchoCancel {
		v.echo.Reset()
	}
}

// process runs the stage on one captured frame in place (capture clock). The
// speaker frames are paired whether or not the stage is on, so that switching
// it on mid-call finds them aligned.
func (v *voiceStage) process(mic []int16) {
	v.align.drain(&v.ref)
	ref := v.align.reference(mic)
	if want := v.want.Load(); want != v.have {
		v.apply(want)
	}
	if v.have == 0 || v.failed {
		return
	}
	p := processingOf(v.have)
	if p.EchoCancel {
		if err := v.echo.Cancel(v.out, mic, ref); err != nil {
			return
		}
		copy(mic, v.out)
	}
	v.pre.Run(mic) // residual echo suppression when linked; denoise and AGC when on
}

// apply makes the speexdsp states on first use and switches them to bits.
func (v *voiceStage) apply(bits uint32) {
	old := processingOf(v.have)
	v.have = bits
	if bits == 0 || v.failed {
		return
	}
	if v.pre == nil {
		var err error
		if v.echo, err = speexdsp.NewEchoCanceller(FrameSamples, echoTailSamples, InternalRate); err == nil {
			v.pre, err = speexdsp.NewPreprocessor(FrameSamples, InternalRate)
		}
		if err != nil {
			v.failed = true
			v.log.Warn("voice processing unavailable; the microphone goes unprocessed", "err", err)
			return
		}
	}
	p := processingOf(bits)
	if p.EchoCancel && !old.EchoCancel {
		v.echo.Reset() // an echo path learnt before the pause may be stale
	}
	// speexdsp suppresses the residual echo through the denoiser's spectral gains, so the
	// denoiser runs whenever the canceller does; noise itself is attenuated only with Denoise.
	v.pre.SetDenoise(p.Denoise || p.EchoCancel)
	if p.Denoise {
		v.pre.SetNoiseSuppress(noiseSuppressDB)
	} else {
		v.pre.SetNoiseSuppress(0)
	}
	v.pre.SetAGC(p.AGC)
	if p.EchoCancel {
		v.pre.SetEchoState(v.echo)
	} else {
		v.pre.SetEchoState(nil)
	}
}
