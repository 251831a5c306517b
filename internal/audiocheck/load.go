package audiocheck

import (
	"fmt"

	"softphone/phone/audio"
)

// Load reads a WAV file (any format audio.ReadWAV accepts, mixed to mono) and resamples it to
// rate Hz, so recordings from different tools can be compared sample for sample.
func Load(path string, rate int) ([]int16, error) {
	samples, fileRate, err := audio.ReadWAV(path)
	if err != nil {
		return nil, err
	}
	out, err := audio.Resample(samples, fileRate, rate)
	if err != nil {
		return nil, fmt.Errorf("load %q: %w", path, err)
	}
	return out, nil
}
