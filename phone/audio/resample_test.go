package audio

import (
	"errors"
	"math"
	"testing"
)

func TestResample(t *testing.T) {
	tests := []struct {
		from, to int
		hz       float64 // test sine frequency
		wantAmp  float64 // expected output amplitude (0 = must be filtered out)
	}{
		{8000, 16000, 1000, 0.3},
		{16000, 8000, 1000, 0.3},
		{48000, 8000, 440, 0.3},
		{44100, 16000, 3000, 0.3},
		{16000, 8000, 6000, 0}, // above the new Nyquist: removed, not aliased to 2 kHz
		{22050, 16000, 9000, 0},
	}
	for _, tc := range tests {
		in := make([]int16, tc.from) // 1 s
		for i := range in {
			in[i] = int16(0.3 * 32768 * math.Sin(2*math.Pi*tc.hz*float64(i)/float64(tc.from)))
		}
		out, err := Resample(in, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != tc.to {
			t.Errorf("%d->%d: %d samples, want %d", tc.from, tc.to, len(out), tc.to)
			continue
		}
		mid := out[tc.to/4 : 3*tc.to/4]
		if tc.wantAmp > 0 {
			if a := goertzel(mid, tc.hz, tc.to); math.Abs(a-tc.wantAmp) > 0.01 {
				t.Errorf("%d->%d: %v Hz amplitude %.4f, want %.2f", tc.from, tc.to, tc.hz, a, tc.wantAmp)
			}
		} else if rms := rmsOf(mid); rms > 0.003*32768 {
			t.Errorf("%d->%d: %v Hz leaked, rms %.1f", tc.from, tc.to, tc.hz, rms)
		}
	}
	if _, err := Resample([]int16{1}, 8000, -1); !errors.Is(err, ErrBadRate) {
		t.Errorf("bad rate: %v", err)
	}
}

func rmsOf(x []int16) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}
