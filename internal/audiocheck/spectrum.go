package audiocheck

import "math"

// HighBandDB is the energy of samples (at rate Hz) above cutoff Hz relative to
// their total energy, in dB (0 means all of it, -inf none): a recording's
// bandwidth, e.g. whether audio above 4 kHz crossed a call. It averages
// Hann-windowed 1024-sample spectra, so a recording's length does not matter;
// frames below -60 dBFS (silence) are skipped. With no loud frame it is -inf.
func HighBandDB(samples []int16, rate int, cutoff float64) float64 {
	const n = 1024
	plan := newFFTPlan(n)
	win := make([]float64, n)
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/n)
	}
	buf := make([]complex128, n)
	first := int(math.Ceil(cutoff * n / float64(rate)))
	var high, total float64
	for start := 0; start+n <= len(samples); start += n / 2 {
		frame := samples[start : start+n]
		if RMSdBFS(frame) < -60 {
			continue
		}
		for i, v := range frame {
			buf[i] = complex(float64(v)*win[i], 0)
		}
		plan.transform(buf, false)
		for k := 1; k <= n/2; k++ {
			e := real(buf[k])*real(buf[k]) + imag(buf[k])*imag(buf[k])
			total += e
			if k >= first {
				high += e
			}
		}
	}
	if total == 0 || high == 0 {
		return math.Inf(-1)
	}
	return 10 * math.Log10(high/total)
}
