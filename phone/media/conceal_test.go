package media

import (
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// TestConcealment: a lost frame repeats the last one attenuated, then fades to
// silence; so does a buffer that runs dry, then it is silence.
func TestConcealment(t *testing.T) {
	jb := NewJitterBuffer(8000, 160, 60*time.Millisecond)
	enc := newEnc(t, PCMU{})
	tone := make([]int16, 160)
	for i := range tone {
		tone[i] = int16(8000 * math.Sin(2*math.Pi*500*float64(i)/8000))
	}
	now := time.Unix(0, 0)
	pushSeq := func(seq uint16) {
		jb.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: uint32(seq) * 160, SSRC: 5},
			Payload: encode(t, enc, nil, tone)}, now)
	}
	var r rxState
	r.configure(PCMU{}, newDec(t, PCMU{}))
	peak := func(pcm []int16) (p int) {
		for _, v := range pcm {
			p = max(p, int(max(v, -v)))
		}
		return p
	}
	pushSeq(1)
	pushSeq(2)
	pushSeq(3)
	var full int
	for range 3 {
		full = peak(r.next(jb))
	}
	pushSeq(10) // 4..9 lost
	tests := []struct {
		name     string
		min, max int
	}{
		{"first loss repeats at most full level", full * 6 / 10, full},
		{"second loss attenuated", full / 4, full * 75 / 100},
		{"third loss quieter", full / 20, full * 45 / 100},
		{"fourth loss fading", 1, full * 20 / 100},
		{"then silence", 0, 0},
		{"still silence", 0, 0},
		{"next packet plays", full * 9 / 10, full},
		{"a dry buffer conceals too", full * 6 / 10, full},
		{"and fades", full / 4, full * 75 / 100},
		{"further", full / 20, full * 45 / 100},
		{"further still", 1, full * 20 / 100},
		{"to silence", 0, 0},
		{"a long dry spell is silence", 0, 0},
	}
	for _, tc := range tests {
		if p := peak(r.next(jb)); p < tc.min || p > tc.max {
			t.Errorf("%s: peak %d, want in [%d, %d]", tc.name, p, tc.min, tc.max)
		}
	}
}
