package audiocheck

import (
	"math"
	"math/rand/v2"
)

// speechLike returns n samples of noise bursts with a syllable-like envelope (3-8 per second)
// and pauses, band-limited a little, at about -20 dBFS: a stand-in for speech.
func speechLike(n, rate int, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]int16, n)
	var lp float64
	for i := 0; i < n; {
		burst := rate/8 + r.IntN(rate/4)
		gap := rate/20 + r.IntN(rate/5)
		amp := 3000 + 6000*r.Float64()
		for j := 0; j < burst && i < n; j, i = j+1, i+1 {
			env := math.Sin(math.Pi * float64(j) / float64(burst))
			lp = 0.6*lp + 0.4*r.NormFloat64()
			out[i] = int16(amp * env * lp)
		}
		i += gap
	}
	return out
}

// noise returns n samples of white noise at about -20 dBFS.
func noise(n int, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 2))
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(3000 * r.NormFloat64())
	}
	return out
}

// delay prepends d samples of silence.
func delay(x []int16, d int) []int16 { return append(make([]int16, d), x...) }

// ulawRoundTrip passes x through G.711 mu-law encoding and decoding.
func ulawRoundTrip(x []int16) []int16 {
	out := make([]int16, len(x))
	for i, v := range x {
		out[i] = ulawDecode(ulawEncode(v))
	}
	return out
}

func ulawEncode(v int16) byte {
	const bias, clip = 0x84, 32635
	s := int32(v)
	sign := byte(0)
	if s < 0 {
		s, sign = -s, 0x80
	}
	s = min(s, clip) + bias
	exp := byte(7)
	for mask := int32(0x4000); s&mask == 0 && exp > 0; mask >>= 1 {
		exp--
	}
	mant := byte(s>>(exp+3)) & 0x0F
	return ^(sign | exp<<4 | mant)
}

func ulawDecode(u byte) int16 {
	u = ^u
	t := (int32(u&0x0F)<<3 + 0x84) << ((u & 0x70) >> 4)
	if u&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}
