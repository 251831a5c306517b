// Package resample converts mono 16-bit PCM between sample rates with a
// polyphase windowed-sinc (Kaiser) FIR filter. A Resampler keeps its filter
// history between calls, so a stream can be converted frame by frame without
// clicks at frame edges.
package resample

import "math"

// zeroCrossings is the number of sinc zero crossings kept on each side of the
// filter centre, measured at the lower of the two rates. More means a steeper
// anti-alias transition band and more work per output sample.
const zeroCrossings = 16

// cutoff is the pass-band edge as a fraction of the lower rate's Nyquist
// frequency; the transition band sits between cutoff and the Nyquist frequency.
const cutoff = 0.88

// kaiserBeta sets the Kaiser window shape; 8.6 gives about 85 dB stop-band.
const kaiserBeta = 8.6

// Resampler is a stateful mono resampler from one rate to another.
// It is not safe for concurrent use; use one per stream and direction.
type Resampler struct {
	inRate, outRate int
	up, down        int         // rational ratio out/in = up/down
	taps            int         // coefficients per phase
	phases          [][]float32 // phases[p] is the reversed sub-filter for phase p
	buf             []float32   // history (taps-1 samples) followed by new input
	acc             int         // position of the next output, in units of 1/up input samples
}

// New returns a Resampler converting inRate to outRate (both in Hz).
// Rates that are not positive are treated as equal (a plain copy).
func New(inRate, outRate int) *Resampler {
	r := &Resampler{inRate: inRate, outRate: outRate}
	if inRate <= 0 || outRate <= 0 || inRate == outRate {
		r.up, r.down = 1, 1
		return r
	}
	g := gcd(inRate, outRate)
	r.up, r.down = outRate/g, inRate/g
	r.design()
	r.Reset()
	return r
}

// InRate is the input sample rate in Hz.
func (r *Resampler) InRate() int { return r.inRate }

// OutRate is the output sample rate in Hz.
func (r *Resampler) OutRate() int { return r.outRate }

// Passthrough reports whether the Resampler only copies samples.
func (r *Resampler) Passthrough() bool { return r.phases == nil }

// Reset clears the filter history, as at the start of a new stream.
func (r *Resampler) Reset() {
	if r.phases == nil {
		return
	}
	if cap(r.buf) < r.taps-1 {
		r.buf = make([]float32, r.taps-1, 4*r.taps)
	}
	r.buf = r.buf[:r.taps-1]
	clear(r.buf)
	r.acc = (r.taps - 1) * r.up
}

// Process converts src and appends the result to dst[:0], returning it.
// About len(src)*outRate/inRate samples are produced; the exact count varies by
// at most one between calls when the ratio is not an integer.
// Process does not allocate once dst has enough capacity.
func (r *Resampler) Process(dst, src []int16) []int16 {
	dst = dst[:0]
	if r.phases == nil {
		return append(dst, src...)
	}
	hist := r.taps - 1
	for _, s := range src {
		r.buf = append(r.buf, float32(s))
	}
	n := len(r.buf)
	for {
		i := r.acc / r.up
		if i >= n {
			break
		}
		coef := r.phases[r.acc%r.up]
		dst = append(dst, clip(dot(coef, r.buf[i-hist:i+1])))
		r.acc += r.down
	}
	// Keep the last hist samples as history for the next call.
	consumed := n - hist
	copy(r.buf, r.buf[consumed:])
	r.buf = r.buf[:hist]
	r.acc -= consumed * r.up
	return dst
}

// design builds the polyphase sub-filters from one windowed-sinc prototype
// running at inRate*up.
func (r *Resampler) design() {
	factor := max(1.0, float64(r.down)/float64(r.up))
	r.taps = int(math.Ceil(2*zeroCrossings*factor)) | 1
	n := r.taps * r.up
	centre := float64(n-1) / 2
	// Cut-off in cycles per sample at the up-sampled rate.
	fc := cutoff * 0.5 / float64(max(r.up, r.down))
	proto := make([]float64, n)
	for j := range proto {
		x := float64(j) - centre
		w := kaiser(x/(centre+1), kaiserBeta)
		proto[j] = 2 * fc * sinc(2*fc*x) * w
	}
	r.phases = make([][]float32, r.up)
	for p := range r.phases {
		sub := make([]float32, r.taps)
		var sum float64
		for k := 0; k < r.taps; k++ {
			sum += proto[p+k*r.up]
		}
		// Output y = sum_k h[p+k*up] * x[i-k]; store reversed so the inner loop
		// walks the input forwards. Normalising each phase to unit DC gain
		// removes phase-dependent ripple at low frequencies.
		for k := 0; k < r.taps; k++ {
			sub[r.taps-1-k] = float32(proto[p+k*r.up] / sum)
		}
		r.phases[p] = sub
	}
}

// dot is the inner product of a and b (len(b) >= len(a)), unrolled by four.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	k := 0
	for ; k+4 <= len(a); k += 4 {
		s0 += a[k] * b[k]
		s1 += a[k+1] * b[k+1]
		s2 += a[k+2] * b[k+2]
		s3 += a[k+3] * b[k+3]
	}
	for ; k < len(a); k++ {
		s0 += a[k] * b[k]
	}
	return (s0 + s1) + (s2 + s3)
}

func clip(v float32) int16 {
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	case v >= 0:
		return int16(v + 0.5)
	default:
		return int16(v - 0.5)
	}
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// kaiser is the Kaiser window at t in [-1, 1].
func kaiser(t, beta float64) float64 {
	if t <= -1 || t >= 1 {
		return 0
	}
	return besselI0(beta*math.Sqrt(1-t*t)) / besselI0(beta)
}

// besselI0 is the zeroth-order modified Bessel function of the first kind.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < sum*1e-12 {
			break
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Latency is the filter's delay in output samples: a whole signal converted at once lines
// up with its input after dropping this many leading samples (and feeding as much silence,
// in input samples, at the end).
func (r *Resampler) Latency() int {
	if r.phases == nil {
		return 0
	}
	return (r.taps - 1) / 2 * r.outRate / r.inRate
}
