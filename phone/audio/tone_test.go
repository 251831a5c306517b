package audio

import (
	"errors"
	"math"
	"testing"
)

// goertzel returns the normalised amplitude of frequency hz in x (a full-scale sine of hz gives ~1).
func goertzel(x []int16, hz float64, rate int) float64 {
	w := 2 * math.Pi * hz / float64(rate)
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s := float64(v) + c*s1 - s2
		s2, s1 = s1, s
	}
	power := s1*s1 + s2*s2 - c*s1*s2
	return 2 * math.Sqrt(power) / float64(len(x)) / 32768
}

// readMs reads ms milliseconds of a tone in 20 ms frames.
func readMs(t *Tone, ms int) []int16 {
	out := make([]int16, 0, ms*16)
	frame := make([]int16, 320)
	for range ms / 20 {
		t.ReadFrame(frame)
		out = append(out, frame...)
	}
	return out
}

func TestToneFrequenciesAndCadence(t *testing.T) {
	dtmf5, err := NewDTMFTone('5')
	if err != nil {
		t.Fatal(err)
	}
	dtmfD, err := NewDTMFTone('d')
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		tone   *Tone
		freqs  []float64
		onMs   int // first burst length
		offMs  int // following silence (0 = continuous)
		absent []float64
	}{
		{"ringback", NewRingbackTone(), []float64{440, 480}, 2000, 4000, []float64{620, 350}},
		{"ring", NewRingTone(), []float64{520, 650}, 1000, 2000, []float64{440}},
		{"busy", NewBusyTone(), []float64{480, 620}, 500, 500, []float64{440}},
		{"call waiting", NewCallWaitingTone(), []float64{440}, 300, 9700, []float64{480}},
		{"DTMF 5", dtmf5, []float64{770, 1336}, 3000, 0, []float64{697, 1209, 1477}},
		{"DTMF D", dtmfD, []float64{941, 1633}, 3000, 0, []float64{852, 1477}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			on := readMs(tc.tone, tc.onMs)
			body := on[len(on)/4 : 3*len(on)/4] // away from the fades
			for _, f := range tc.freqs {
				if a := goertzel(body, f, ToneRate); a < 0.05 {
					t.Errorf("%v Hz amplitude %.3f, want present", f, a)
				}
			}
			for _, f := range tc.absent {
				if a := goertzel(body, f, ToneRate); a > 0.005 {
					t.Errorf("%v Hz amplitude %.4f, want absent", f, a)
				}
			}
			if tc.offMs == 0 {
				return
			}
			for i, v := range readMs(tc.tone, tc.offMs) {
				if v != 0 {
					t.Fatalf("sample %d of the off period = %d, want silence", i, v)
				}
			}
			again := readMs(tc.tone, 100)
			if goertzel(again[800:], tc.freqs[0], ToneRate) < 0.05 {
				t.Error("cadence did not repeat")
			}
		})
	}
}

func TestToneFadesAvoidClicks(t *testing.T) {
	on := readMs(NewBusyTone(), 500)
	if on[0] != 0 || abs16(on[1]) > 50 || abs16(on[len(on)-1]) > 50 {
		t.Errorf("burst edges %d %d ... %d, want faded", on[0], on[1], on[len(on)-1])
	}
}

func abs16(v int16) int {
	if v < 0 {
		return -int(v)
	}
	return int(v)
}

func TestDTMFUnknownDigit(t *testing.T) {
	for _, r := range []rune{'x', 'E', ' ', 'é'} {
		if _, err := NewDTMFTone(r); !errors.Is(err, ErrUnknownDigit) {
			t.Errorf("%q: err = %v", r, err)
		}
	}
}

func TestWAVTone(t *testing.T) {
	src := make([]int16, 8000) // 1 s of 1 kHz at 8 kHz
	for i := range src {
		src[i] = int16(10000 * math.Sin(2*math.Pi*1000*float64(i)/8000))
	}
	for _, loop := range []bool{false, true} {
		tone, err := NewWAVTone(src, 8000, loop)
		if err != nil {
			t.Fatal(err)
		}
		first := readMs(tone, 1000)
		if a := goertzel(first[2000:14000], 1000, ToneRate); math.Abs(a-10000.0/32768) > 0.02 {
			t.Errorf("loop=%v: 1 kHz amplitude %.3f after resampling", loop, a)
		}
		second := readMs(tone, 1000)
		a := goertzel(second[2000:14000], 1000, ToneRate)
		if loop != (a > 0.2) {
			t.Errorf("loop=%v: second pass amplitude %.3f", loop, a)
		}
	}
	if _, err := NewWAVTone(src, 0, false); !errors.Is(err, ErrBadRate) {
		t.Errorf("rate 0: %v", err)
	}
	silent, err := NewWAVTone(nil, 8000, true)
	if err != nil {
		t.Fatal(err)
	}
	if s := readMs(silent, 40); s[0] != 0 || s[639] != 0 {
		t.Error("empty WAV tone not silent")
	}
}

func TestToneWriteFrameDiscards(t *testing.T) {
	tone := NewRingTone()
	if err := tone.WriteFrame(make([]int16, 320)); err != nil {
		t.Fatal(err)
	}
	tone.ReadFrame(make([]int16, 320))
	tone.Reset()
	a, b := readMs(tone, 20), readMs(NewRingTone(), 20)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Reset did not restart the cadence at sample %d", i)
		}
	}
}
