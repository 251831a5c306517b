package audio

import (
	"fmt"
	"math"
)

// resampleZeroCrossings is the filter half-length in zero crossings of the sinc.
const resampleZeroCrossings = 16

// maxResamplePhases bounds the polyphase table; rarer ratios round the phase to this grid.
const maxResamplePhases = 4096

// Resample converts a whole mono signal from one sample rate to another with a Blackman-windowed
// sinc low-pass (about 70 dB of stop band, cut-off just under the lower Nyquist frequency).
// It is meant for prompts, tones and test analysis, not for the per-frame media path.
func Resample(in []int16, from, to int) ([]int16, error) {
	if !validRate(from) || !validRate(to) {
		return nil, fmt.Errorf("resample %d Hz -> %d Hz: %w", from, to, ErrBadRate)
	}
	if from == to {
		return append([]int16(nil), in...), nil
	}
	g := gcd(from, to)
	up := to / g
	phases := min(up, maxResamplePhases)
	cutoff := math.Min(1, float64(to)/float64(from)) * 0.94 // fraction of the input Nyquist
	half := int(math.Ceil(resampleZeroCrossings / cutoff))
	taps := buildPolyphase(phases, half, cutoff)

	n := int(int64(len(in)) * int64(to) / int64(from))
	out := make([]int16, n)
	for j := range out {
		pos := int64(j) * int64(from) // input position times `to`
		k := int(pos / int64(to))
		p := int((pos%int64(to))*int64(phases)/int64(to)) % phases
		h := taps[p]
		var sum float64
		lo := k - half + 1
		for i, c := range h {
			idx := lo + i
			if idx >= 0 && idx < len(in) {
				sum += c * float64(in[idx])
			}
		}
		out[j] = clampInt16(sum)
	}
	return out, nil
}

// buildPolyphase returns, for each fractional phase, the 2*half taps applied to input samples
// k-half+1 .. k+half when the output lies at k + phase/phases.
func buildPolyphase(phases, half int, cutoff float64) [][]float64 {
	taps := make([][]float64, phases)
	for p := range taps {
		frac := float64(p) / float64(phases)
		h := make([]float64, 2*half)
		var sum float64
		for i := range h {
			x := frac - float64(i-half+1) // distance from output point to input sample
			w := 0.0
			if r := x / float64(half); r > -1 && r < 1 {
				a := math.Pi * (r + 1) // Blackman over [-half, half]
				w = 0.42 - 0.5*math.Cos(a) + 0.08*math.Cos(2*a)
			}
			h[i] = cutoff * sinc(cutoff*x) * w
			sum += h[i]
		}
		for i := range h {
			h[i] /= sum // unity gain at DC for every phase
		}
		taps[p] = h
	}
	return taps
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
