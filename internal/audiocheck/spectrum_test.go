package audiocheck

import (
	"math"
	"testing"
)

// TestHighBandDB: a 1 kHz sine has nothing above 4 kHz, a 6 kHz one nearly all, an equal mix half.
func TestHighBandDB(t *testing.T) {
	sine := func(f float64) []int16 {
		s := make([]int16, 16000)
		for i := range s {
			s[i] = int16(8000 * math.Sin(2*math.Pi*f*float64(i)/16000))
		}
		return s
	}
	low, high := sine(1000), sine(6000)
	mix := make([]int16, len(low))
	for i := range mix {
		mix[i] = low[i]/2 + high[i]/2
	}
	if db := HighBandDB(low, 16000, 4000); db > -60 {
		t.Errorf("1 kHz: %.1f dB above 4 kHz, want < -60", db)
	}
	if db := HighBandDB(high, 16000, 4000); db < -0.1 {
		t.Errorf("6 kHz: %.1f dB above 4 kHz, want ~0", db)
	}
	if db := HighBandDB(mix, 16000, 4000); math.Abs(db+3) > 0.5 {
		t.Errorf("mix: %.1f dB above 4 kHz, want ~-3", db)
	}
	if db := HighBandDB(make([]int16, 16000), 16000, 4000); !math.IsInf(db, -1) {
		t.Errorf("silence: %.1f dB, want -inf", db)
	}
}
