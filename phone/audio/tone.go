package audio

import (
	"fmt"
	"math"
)

// ToneRate is the sample rate of every tone generator: 16 kHz, 320 samples per 20 ms frame.
const ToneRate = 16000

// rampSamples is the length of the fade at each edge of a tone burst (5 ms), to avoid clicks.
const rampSamples = ToneRate / 200

// segment is one part of a cadence: a repeating waveform (nil for silence) lasting length samples.
type segment struct {
	wave   []int16
	length int
	ramp   bool
}

// Tone is a precomputed cadenced signal at 16 kHz (ring, ringback, busy, call waiting, DTMF or a
// WAV prompt). It satisfies the media Stream shape: ReadFrame produces audio, WriteFrame discards.
// ReadFrame does not allocate. A Tone is not safe for concurrent use.
type Tone struct {
	segs  []segment
	loop  bool
	ramp  []int32 // Q15 gains for the fade-in; the fade-out reads it backwards
	seg   int
	pos   int
	phase int
	done  bool
}

// component is one sine of a tone: frequency in Hz and peak amplitude (fraction of full scale).
type component struct {
	hz  int
	amp float64
}

// burst is a segment of a cadence before precomputation; no components means silence.
type burst struct {
	comps []component
	ms    int
}

// newCadence precomputes one period of each burst's waveform. Frequencies are whole Hz, so a
// burst repeats exactly every ToneRate/gcd(ToneRate, f1, f2...) samples.
func newCadence(loop bool, bursts ...burst) *Tone {
	t := &Tone{loop: loop, ramp: make([]int32, rampSamples)}
	for i := range t.ramp {
		t.ramp[i] = int32(math.Round(32767 * 0.5 * (1 - math.Cos(math.Pi*float64(i)/rampSamples))))
	}
	for _, b := range bursts {
		s := segment{length: b.ms * ToneRate / 1000}
		if len(b.comps) > 0 {
			period := ToneRate
			for _, c := range b.comps {
				period = gcd(period, c.hz)
			}
			s.wave = make([]int16, ToneRate/period)
			for i := range s.wave {
				var v float64
				for _, c := range b.comps {
					v += c.amp * math.Sin(2*math.Pi*float64(c.hz)*float64(i)/ToneRate)
				}
				s.wave[i] = clampInt16(v * 32767)
			}
			s.ramp = len(bursts) > 1 && s.length > 2*rampSamples // a continuous tone never fades
		}
		t.segs = append(t.segs, s)
	}
	return t
}

// Rate returns ToneRate.
func (t *Tone) Rate() int { return ToneRate }

// Reset restarts the cadence from its beginning.
func (t *Tone) Reset() { t.seg, t.pos, t.phase, t.done = 0, 0, 0, false }

// ReadFrame fills pcm with the next len(pcm) samples (normally 320 = 20 ms).
// After a non-looping tone ends it yields silence.
func (t *Tone) ReadFrame(pcm []int16) {
	for i := range pcm {
		if t.done {
			clear(pcm[i:])
			return
		}
		s := &t.segs[t.seg]
		var v int16
		if s.wave != nil {
			v = s.wave[t.phase]
			if t.phase++; t.phase == len(s.wave) {
				t.phase = 0
			}
			if s.ramp {
				if t.pos < rampSamples {
					v = int16(int32(v) * t.ramp[t.pos] >> 15)
				} else if back := s.length - 1 - t.pos; back < rampSamples {
					v = int16(int32(v) * t.ramp[back] >> 15)
				}
			}
		}
		pcm[i] = v
		if t.pos++; t.pos == s.length {
			t.pos, t.phase = 0, 0
			if t.seg++; t.seg == len(t.segs) {
				t.seg = 0
				t.done = !t.loop
			}
		}
	}
}

// WriteFrame discards pcm; a tone has no input.
func (t *Tone) WriteFrame([]int16) error { return nil }

// NewWAVTone plays samples recorded at rate Hz (resampled to 16 kHz once, here), once or looped.
// Empty samples give a silent tone.
func NewWAVTone(samples []int16, rate int, loop bool) (*Tone, error) {
	wave, err := Resample(samples, rate, ToneRate)
	if err != nil {
		return nil, fmt.Errorf("WAV tone: %w", err)
	}
	t := newCadence(loop)
	if len(wave) == 0 {
		t.segs = []segment{{length: 1}}
		return t, nil
	}
	t.segs = []segment{{wave: wave, length: len(wave)}}
	return t, nil
}

// gcd is the greatest common divisor (the tone's repeat period in samples derives from it).
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
