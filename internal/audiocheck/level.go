// Package audiocheck measures audio in tests to prove it really crossed a call: level, how long
// it was active, and whether a received recording matches what was sent (and with what delay).
package audiocheck

import (
	"math"
	"time"
)

// SilenceDBFS is the level reported for digital silence (and for empty input).
const SilenceDBFS = -120.0

// windowMs is the analysis window of ActiveDuration.
const windowMs = 20

// RMSdBFS returns the RMS level of samples in dB relative to full scale (a full-scale square wave
// is 0 dBFS, a full-scale sine about -3 dBFS). Silence gives SilenceDBFS.
func RMSdBFS(samples []int16) float64 {
	if len(samples) == 0 {
		return SilenceDBFS
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	rms := math.Sqrt(sum/float64(len(samples))) / 32768
	if rms == 0 {
		return SilenceDBFS
	}
	return max(20*math.Log10(rms), SilenceDBFS)
}

// ActiveDuration returns the total length of the 20 ms windows whose RMS level is above
// thresholdDBFS. A trailing partial window counts for its own length. A rate <= 0 gives 0.
func ActiveDuration(samples []int16, rate int, thresholdDBFS float64) time.Duration {
	if rate <= 0 {
		return 0
	}
	win := max(rate*windowMs/1000, 1)
	var active int64
	for start := 0; start < len(samples); start += win {
		w := samples[start:min(start+win, len(samples))]
		if RMSdBFS(w) > thresholdDBFS {
			active += int64(len(w))
		}
	}
	return time.Duration(active) * time.Second / time.Duration(rate)
}
