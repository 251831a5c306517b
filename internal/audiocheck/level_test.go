package audiocheck

import (
	"math"
	"testing"
	"time"
)

func sine(n, rate int, hz, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * 32767 * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return out
}

func TestRMSdBFS(t *testing.T) {
	square := make([]int16, 800)
	for i := range square {
		square[i] = 32767
		if i%2 == 1 {
			square[i] = -32767
		}
	}
	tests := []struct {
		name string
		in   []int16
		want float64
	}{
		{"silence", make([]int16, 1600), SilenceDBFS},
		{"empty", nil, SilenceDBFS},
		{"full-scale square", square, 0},
		{"half-scale sine", sine(8000, 8000, 1000, 0.5), -9.03},
		{"quiet sine", sine(8000, 8000, 400, 0.01), -43.01},
	}
	for _, tc := range tests {
		if got := RMSdBFS(tc.in); math.Abs(got-tc.want) > 0.02 {
			t.Errorf("%s: %.3f dBFS, want %.2f", tc.name, got, tc.want)
		}
	}
}

func TestActiveDuration(t *testing.T) {
	sig := append(make([]int16, 8000), sine(4000, 8000, 440, 0.3)...) // 1 s silence, 0.5 s tone
	sig = append(sig, make([]int16, 2080)...)                         // 0.26 s silence
	sig = append(sig, sine(80, 8000, 440, 0.3)...)                    // 10 ms partial window
	tests := []struct {
		name      string
		rate      int
		threshold float64
		want      time.Duration
	}{
		{"tone only", 8000, -40, 510 * time.Millisecond},
		{"threshold above the tone", 8000, -3, 0},
		{"bad rate", 0, -40, 0},
	}
	for _, tc := range tests {
		if got := ActiveDuration(sig, tc.rate, tc.threshold); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
