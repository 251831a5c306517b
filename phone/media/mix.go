package media

import (
	"math"
	"sync"
	"sync/atomic"
)

// unityPercent is the volume percentage that leaves samples unchanged.
const unityPercent = 50

// gainQ is the fixed-point shift for gains (Q12: 4096 = unity).
const gainQ = 12

// percentToGain converts a volume percentage (0-100, 50 = unity) to Q12.
func percentToGain(percent int32) int32 {
	return percent * (1 << gainQ) / unityPercent
}

// addTo adds src to acc sample by sample.
func addTo(acc []int32, src []int16) {
	src = src[:len(acc)]
	for len(src) >= 4 { // unrolled: the per-frame hot loop of the mixer
		a, s := acc[:4:4], src[:4:4]
		a[0] += int32(s[0])
		a[1] += int32(s[1])
		a[2] += int32(s[2])
		a[3] += int32(s[3])
		acc, src = acc[4:], src[4:]
	}
	for i, v := range src {
		acc[i] += int32(v)
	}
}

// mixMinus writes total minus own to dst, saturated once: a conference leg's
// outbound frame is everyone (and the mic) but itself. Summing all legs once
// and subtracting each leg's own frame makes a frame O(N) rather than O(N²).
func mixMinus(dst []int16, total []int32, own []int16) {
	total = total[:len(dst)]
	own = own[:len(dst)]
	for i, t := range total {
		dst[i] = clip16(t - int32(own[i]))
	}
}

// saturate writes acc*gain (Q12) to dst, clipped to int16.
func saturate(dst []int16, acc []int32, gain int32) {
	acc = acc[:len(dst)]
	for i, v := range acc {
		if gain != 1<<gainQ {
			v = int32((int64(v) * int64(gain)) >> gainQ)
		}
		dst[i] = clip16(v)
	}
}

// scale applies a Q12 gain to pcm in place, clipping.
func scale(pcm []int16, gain int32) {
	if gain == 1<<gainQ {
		return
	}
	for i, v := range pcm {
		pcm[i] = clip16(int32((int64(v) * int64(gain)) >> gainQ))
	}
}

// clip16 saturates v to the int16 range (branch-free min/max).
func clip16(v int32) int16 {
	return int16(min(max(v, math.MinInt16), math.MaxInt16))
}

// silenceDB is the level reported for digital silence.
const silenceDB = -96.0

// levelMeter smooths frame RMS into a published dBFS value. update is called
// by one goroutine; value is safe from any.
type levelMeter struct {
	power float64
	bits  atomic.Uint64
}

func (m *levelMeter) update(pcm []int16) {
	var sum float64
	for _, v := range pcm {
		sum += float64(v) * float64(v)
	}
	if len(pcm) > 0 {
		sum /= float64(len(pcm))
	}
	m.power += (sum - m.power) * 0.4
	db := silenceDB
	if m.power > 0 {
		db = max(10*math.Log10(m.power/(32768.0*32768.0)), silenceDB)
	}
	m.bits.Store(math.Float64bits(db))
}

func (m *levelMeter) value() float64 {
	b := m.bits.Load()
	if b == 0 {
		return silenceDB
	}
	return math.Float64frombits(b)
}

// mixFIFOFrames is how many frames a stream's mixFIFO holds.
const mixFIFOFrames = 4

// mixFIFO carries frames from the playback clock to the capture clock: a
// stream's received frames for mix-minus (a few frames absorb clock jitter)
// and the speaker's frames as the echo canceller's reference. When full, a
// push drops the oldest frame.
type mixFIFO struct {
	mu     sync.Mutex
	frames [][FrameSamples]int16
	head   int
	n      int
}

// init makes room for n frames; it must be called before push and pop.
func (f *mixFIFO) init(n int) {
	f.frames = make([][FrameSamples]int16, n)
	f.head, f.n = 0, 0
}

func (f *mixFIFO) push(pcm []int16) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == len(f.frames) { // full: drop the oldest
		f.head = (f.head + 1) % len(f.frames)
		f.n--
	}
	copy(f.frames[(f.head+f.n)%len(f.frames)][:], pcm)
	f.n++
}

// pop copies the oldest frame into dst, or silence when empty.
func (f *mixFIFO) pop(dst []int16) {
	if !f.take(dst) {
		clear(dst)
	}
}

// take copies the oldest frame into dst and reports whether there was one.
func (f *mixFIFO) take(dst []int16) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		return false
	}
	copy(dst, f.frames[f.head][:])
	f.head = (f.head + 1) % len(f.frames)
	f.n--
	return true
}
