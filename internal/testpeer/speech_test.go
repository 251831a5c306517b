package testpeer

import (
	"math"
	"testing"
)

func TestSpeechWAV(t *testing.T) {
	tests := []struct {
		text string
		rate int
	}{
		{"", 8000},
		{"hello from the test peer", 16000},
		{"short", 48000},
	}
	for _, tc := range tests {
		w, err := ReadWAV(SpeechWAV(t, tc.text, tc.rate))
		if err != nil {
			t.Fatal(err)
		}
		if w.Rate != tc.rate || w.Channels != 1 {
			t.Errorf("%q: %d Hz %d ch, want %d Hz mono", tc.text, w.Rate, w.Channels, tc.rate)
		}
		if w.Duration() < 1.2 {
			t.Errorf("%q: %.2f s, want >= 1.2 s (0.5 s padding each side plus speech)", tc.text, w.Duration())
		}
		peak := 0
		for _, s := range w.Samples {
			peak = max(peak, int(math.Abs(float64(s))))
		}
		if db := 20 * math.Log10(float64(peak)/32768); db < -7 || db > -5 {
			t.Errorf("%q: peak %.1f dBFS, want about -6", tc.text, db)
		}
		lead := w.Samples[:tc.rate*45/100]
		for i, s := range lead {
			if s > 200 || s < -200 {
				t.Errorf("%q: sample %d = %d in the leading silence", tc.text, i, s)
				break
			}
		}
	}
}
