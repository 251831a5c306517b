package audio

import (
	"fmt"

	"softphone/phone/media/resample"
)

// Resample converts a whole mono signal from one sample rate to another with the same
// windowed-sinc resampler the media path uses frame by frame, compensating its delay so the
// output lines up with the input. It is meant for prompts, tones and test analysis.
func Resample(in []int16, from, to int) ([]int16, error) {
	if !validRate(from) || !validRate(to) {
		return nil, fmt.Errorf("resample %d Hz -> %d Hz: %w", from, to, ErrBadRate)
	}
	if from == to {
		return append([]int16(nil), in...), nil
	}
	r := resample.New(from, to)
	lat := r.Latency()
	tail := lat*from/to + 2 // input silence that pushes the last samples through the filter
	padded := append(append(make([]int16, 0, len(in)+tail), in...), make([]int16, tail)...)
	out := r.Process(nil, padded)
	want := int(int64(len(in)) * int64(to) / int64(from))
	out = out[min(lat, len(out)):]
	if len(out) > want {
		out = out[:want]
	}
	for len(out) < want {
		out = append(out, 0)
	}
	return out, nil
}
