package audiocheck

import (
	"math"
	"math/bits"
)

// nextPow2 returns the smallest power of two >= n (and >= 1).
func nextPow2(n int) int {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len(uint(n-1))
}

// fftPlan holds the twiddle factors of a radix-2 FFT of one power-of-two size, so several
// transforms of that size share them.
type fftPlan struct {
	n  int
	tw []complex128 // the stage with half-size h uses tw[h-1 : 2h-1], contiguous
}

func newFFTPlan(n int) *fftPlan {
	p := &fftPlan{n: n, tw: make([]complex128, max(n-1, 0))}
	for h := 1; h < n; h <<= 1 {
		for k := range h {
			s, c := math.Sincos(-math.Pi * float64(k) / float64(h))
			p.tw[h-1+k] = complex(c, s)
		}
	}
	return p
}

// transform computes the DFT of x in place (decimation in time); len(x) must equal the plan's
// size. With inverse it computes the unscaled inverse DFT, as conj(DFT(conj(x))).
func (p *fftPlan) transform(x []complex128, inverse bool) {
	n := p.n
	if n <= 1 {
		return
	}
	if inverse {
		conjAll(x)
		defer conjAll(x)
	}
	shift := bits.UintSize - bits.Len(uint(n-1))
	for i := range x {
		if j := int(bits.Reverse(uint(i)) >> shift); j > i {
			x[i], x[j] = x[j], x[i]
		}
	}
	for half := 1; half < n; half <<= 1 {
		w := p.tw[half-1 : 2*half-1]
		for start := 0; start < n; start += 2 * half {
			lo := x[start : start+half]
			hi := x[start+half : start+2*half]
			for k, wk := range w {
				a, b := lo[k], hi[k]*wk
				lo[k], hi[k] = a+b, a-b
			}
		}
	}
}

func conjAll(x []complex128) {
	for i, v := range x {
		x[i] = complex(real(v), -imag(v))
	}
}

// fft transforms x in place with a one-off plan; len(x) must be a power of two.
func fft(x []complex128, inverse bool) { newFFTPlan(len(x)).transform(x, inverse) }
