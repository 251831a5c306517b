package media

import (
	"math"
	"sync"
)

// Voice activity of the engine's two directions: the microphone (after gain and mute) and the
// far ends' audio on its way to the speaker (before tones and speaker volume). Each frame
// adds its RMS level; Engine.VAD reads and restarts the interval.

// vadSpeechRMS is the frame RMS (sample units, full scale 32767) at and above which a frame
// counts as speech: -40 dBFS, above the noise of a quiet room and the comfort noise of a line.
const vadSpeechRMS = 32768 * 0.01

// vadSpeakingShare is the share of an interval's frames that must hold speech for the
// interval to count as speaking.
const vadSpeakingShare = 0.1

// VADLevels is one direction's voice activity over an interval.
type VADLevels struct {
	Avg      int  // mean frame RMS level, in sample units (0-32767)
	Max      int  // highest frame RMS level
	Speaking bool // at least a tenth of the frames held speech (RMS >= -40 dBFS)
	Frames   int  // frames measured
}

// vadMeter accumulates one direction's frame levels; update runs on an audio clock, take on
// any goroutine.
type vadMeter struct {
	mu     sync.Mutex
	sum    float64
	max    float64
	speech int
	frames int
}

// vadUpdate adds one frame.
func vadUpdate[T int16 | int32](m *vadMeter, pcm []T) {
	if len(pcm) == 0 {
		return
	}
	rms := frameRMS(pcm)
	m.mu.Lock()
	m.sum += rms
	m.max = max(m.max, rms)
	if rms >= vadSpeechRMS {
		m.speech++
	}
	m.frames++
	m.mu.Unlock()
}

// frameRMS is the RMS level of a frame, in sample units; 0 for an empty one.
func frameRMS[T int16 | int32](pcm []T) float64 {
	if len(pcm) == 0 {
		return 0
	}
	// A mix's int32 sample squared can reach 2^62: each square is capped at 2^40 (far above
	// full scale), so a frame's sum cannot overflow.
	var power uint64
	for _, v := range pcm {
		x := int64(v)
		power += uint64(min(x*x, 1<<40))
	}
	return math.Sqrt(float64(power) / float64(len(pcm)))
}

// take returns the interval's levels and starts a new interval.
func (m *vadMeter) take() VADLevels {
	m.mu.Lock()
	defer m.mu.Unlock()
	var l VADLevels
	if m.frames > 0 {
		l = VADLevels{Avg: int(math.Round(m.sum / float64(m.frames))), Max: int(math.Round(min(m.max, 32767))),
			Speaking: float64(m.speech) >= vadSpeakingShare*float64(m.frames), Frames: m.frames}
	}
	m.sum, m.max, m.speech, m.frames = 0, 0, 0, 0
	return l
}

// VAD returns the voice activity of the microphone (local) and of the far ends' audio
// (remote) since the previous call, and starts a new interval.
func (e *Engine) VAD() (local, remote VADLevels) {
	return e.micVAD.take(), e.spkVAD.take()
}
