package speexdsp

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func energy(x []int16) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return s
}

// White noise played to a speaker comes back 30 ms later at half amplitude; after two seconds
// the canceller leaves at least 20 dB less of it, and the preprocessor linked to it leaves
// less still.
func TestEchoCancellerNoise(t *testing.T) {
	const rate, frame, tail = 16000, 320, 3200
	e, err := NewEchoCanceller(frame, tail, rate)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPreprocessor(frame, rate)
	if err != nil {
		t.Fatal(err)
	}
	p.SetEchoState(e)
	p.SetDenoise(true)
	p.SetNoiseSuppress(0)
	rng := rand.New(rand.NewPCG(1, 2))
	far := make([]int16, 6*rate)
	for i := range far {
		far[i] = int16(rng.NormFloat64() * 3000)
	}
	const delay = 480
	var echoIn, aecOut, preOut float64
	mic, out := make([]int16, frame), make([]int16, frame)
	for f := 0; (f+1)*frame <= len(far); f++ {
		for i := range mic {
			if n := f*frame + i - delay; n >= 0 {
				mic[i] = far[n] / 2
			}
		}
		if err := e.Cancel(out, mic, far[f*frame:(f+1)*frame]); err != nil {
			t.Fatal(err)
		}
		cancelled := energy(out)
		if _, err := p.Run(out); err != nil {
			t.Fatal(err)
		}
		if f*frame >= 2*rate {
			echoIn += energy(mic)
			aecOut += cancelled
			preOut += energy(out)
		}
	}
	aec, pre := 10*math.Log10(echoIn/aecOut), 10*math.Log10(echoIn/max(preOut, 1))
	t.Logf("echo reduced by %.1f dB by the canceller, %.1f dB with the preprocessor", aec, pre)
	if aec < 20 || pre < aec {
		t.Errorf("echo reduced by %.1f dB (canceller), %.1f dB (with preprocessor): want >= 20 and more with the preprocessor", aec, pre)
	}
}

// Sizes that make no state, and buffers that are not one frame, are errors.
func TestBadSizes(t *testing.T) {
	for _, c := range [][3]int{{0, 100, 8000}, {160, 80, 8000}, {160, 1600, 0}} {
		if _, err := NewEchoCanceller(c[0], c[1], c[2]); !errors.Is(err, ErrInit) {
			t.Errorf("NewEchoCanceller%v: %v, want ErrInit", c, err)
		}
	}
	if _, err := NewPreprocessor(0, 8000); !errors.Is(err, ErrInit) {
		t.Errorf("NewPreprocessor(0, 8000): %v, want ErrInit", err)
	}
	e, _ := NewEchoCanceller(160, 1600, 8000)
	p, _ := NewPreprocessor(160, 8000)
	short := make([]int16, 100)
	if err := e.Cancel(short, short, short); !errors.Is(err, ErrFrame) {
		t.Errorf("Cancel of 100 samples: %v, want ErrFrame", err)
	}
	if _, err := p.Run(short); !errors.Is(err, ErrFrame) {
		t.Errorf("Run of 100 samples: %v, want ErrFrame", err)
	}
}

// BenchmarkEchoCancel is the adaptive filter alone: 20 ms at 16 kHz, 200 ms tail.
func BenchmarkEchoCancel(b *testing.B) {
	e, err := NewEchoCanceller(320, 3200, 16000)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ref, mic, out := make([]int16, 320), make([]int16, 320), make([]int16, 320)
	for i := range ref {
		ref[i] = int16(rng.NormFloat64() * 3000)
		mic[i] = ref[i] / 2
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Cancel(out, mic, ref)
	}
}
