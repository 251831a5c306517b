// Package speexdsp is libspeexdsp's acoustic echo canceller and preprocessor
// (noise suppression, automatic gain, residual echo suppression) behind a
// small cgo shim (Debian libspeexdsp-dev). PCM is 16-bit mono; every call
// processes exactly one frame of the size the state was made for. The states
// are not safe for concurrent use.
package speexdsp

/*
#cgo pkg-config: speexdsp
#include <stdint.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

static int sdsp_echo_set_rate(SpeexEchoState *st, int rate) {
	return speex_echo_ctl(st, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
}

static int sdsp_pre_set(SpeexPreprocessState *st, int req, int v) {
	return speex_preprocess_ctl(st, req, &v);
}

static int sdsp_pre_link(SpeexPreprocessState *st, SpeexEchoState *echo) {
	return speex_preprocess_ctl(st, SPEEX_PREPROCESS_SET_ECHO_STATE, echo);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"
)

// ErrInit means libspeexdsp could not make a state for the given sizes.
var ErrInit = errors.New("speexdsp: cannot make a state")

// ErrFrame means a buffer's length is not the state's frame size.
var ErrFrame = errors.New("speexdsp: buffer is not one frame")

// EchoCanceller is speexdsp's multidelay block frequency-domain adaptive
// filter: it removes from the microphone signal what the speaker played,
// through whatever delay and attenuation the room adds, up to the tail length.
type EchoCanceller struct {
	s     *C.SpeexEchoState
	frame int
}

// NewEchoCanceller makes an echo canceller for frames of frame samples at
// rate Hz whose filter covers tail samples of echo path (e.g. 200 ms).
func NewEchoCanceller(frame, tail, rate int) (*EchoCanceller, error) {
	if frame <= 0 || tail < frame || rate <= 0 {
		return nil, fmt.Errorf("%w: frame %d, tail %d, rate %d", ErrInit, frame, tail, rate)
	}
	s := C.speex_echo_state_init(C.int(frame), C.int(tail))
	if s == nil {
		return nil, fmt.Errorf("%w: frame %d, tail %d", ErrInit, frame, tail)
	}
	C.sdsp_echo_set_rate(s, C.int(rate))
	e := &EchoCanceller{s: s, frame: frame}
	runtime.AddCleanup(e, func(s *C.SpeexEchoState) { C.speex_echo_state_destroy(s) }, s)
	return e, nil
}

// FrameSize is the number of samples every call processes.
func (e *EchoCanceller) FrameSize() int { return e.frame }

// Cancel writes to out the microphone frame mic with the echo of ref (the
// frame that went to the speaker, aligned with mic by the caller to within the
// tail) removed. out must not overlap mic or ref.
func (e *EchoCanceller) Cancel(out, mic, ref []int16) error {
	if len(out) != e.frame || len(mic) != e.frame || len(ref) != e.frame {
		return fmt.Errorf("%w: %d/%d/%d samples, want %d", ErrFrame, len(out), len(mic), len(ref), e.frame)
	}
	C.speex_echo_cancellation(e.s, (*C.spx_int16_t)(unsafe.Pointer(&mic[0])),
		(*C.spx_int16_t)(unsafe.Pointer(&ref[0])), (*C.spx_int16_t)(unsafe.Pointer(&out[0])))
	runtime.KeepAlive(e)
	return nil
}

// Reset forgets the learnt echo path (a new call, another device).
func (e *EchoCanceller) Reset() {
	C.speex_echo_state_reset(e.s)
	runtime.KeepAlive(e)
}

// Preprocessor is speexdsp's preprocessor: noise suppression, automatic gain
// control and, linked to an EchoCanceller, suppression of the residual echo
// the adaptive filter leaves.
type Preprocessor struct {
	s     *C.SpeexPreprocessState
	frame int
	echo  *EchoCanceller // kept alive while linked
}

// NewPreprocessor makes a preprocessor for frames of frame samples at rate Hz,
// with noise suppression and gain control off.
func NewPreprocessor(frame, rate int) (*Preprocessor, error) {
	if frame <= 0 || rate <= 0 {
		return nil, fmt.Errorf("%w: frame %d, rate %d", ErrInit, frame, rate)
	}
	s := C.speex_preprocess_state_init(C.int(frame), C.int(rate))
	if s == nil {
		return nil, fmt.Errorf("%w: frame %d, rate %d", ErrInit, frame, rate)
	}
	p := &Preprocessor{s: s, frame: frame}
	runtime.AddCleanup(p, func(s *C.SpeexPreprocessState) { C.speex_preprocess_state_destroy(s) }, s)
	p.SetDenoise(false)
	p.SetAGC(false)
	return p, nil
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// SetDenoise switches noise suppression.
func (p *Preprocessor) SetDenoise(on bool) {
	C.sdsp_pre_set(p.s, C.SPEEX_PREPROCESS_SET_DENOISE, boolInt(on))
	runtime.KeepAlive(p)
}

// SetAGC switches automatic gain control (towards speexdsp's default level).
func (p *Preprocessor) SetAGC(on bool) {
	C.sdsp_pre_set(p.s, C.SPEEX_PREPROCESS_SET_AGC, boolInt(on))
	runtime.KeepAlive(p)
}

// SetEchoState links the echo canceller whose residual echo the preprocessor
// suppresses (it must process the same frames, before Run); nil unlinks.
func (p *Preprocessor) SetEchoState(e *EchoCanceller) {
	var s *C.SpeexEchoState
	if e != nil {
		s = e.s
	}
	C.sdsp_pre_link(p.s, s)
	p.echo = e
	runtime.KeepAlive(p)
}

// Run processes pcm (one frame) in place and reports whether it holds speech
// by speexdsp's estimate.
func (p *Preprocessor) Run(pcm []int16) (bool, error) {
	if len(pcm) != p.frame {
		return false, fmt.Errorf("%w: %d samples, want %d", ErrFrame, len(pcm), p.frame)
	}
	vad := C.speex_preprocess_run(p.s, (*C.spx_int16_t)(unsafe.Pointer(&pcm[0])))
	runtime.KeepAlive(p)
	return vad != 0, nil
}

// SetNoiseSuppress sets how far noise is attenuated at most, in dB (0 or
// negative; speexdsp's default is -15). It applies while SetDenoise is on.
func (p *Preprocessor) SetNoiseSuppress(db int) {
	C.sdsp_pre_set(p.s, C.SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, C.int(db))
	runtime.KeepAlive(p)
}
