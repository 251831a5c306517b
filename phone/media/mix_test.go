package media

import (
	"math"
	"testing"
)

func TestMixKernels(t *testing.T) {
	tests := []struct {
		name  string
		total []int32
		add   []int16
		sum   []int32 // total after addTo(total, add)
		own   []int16
		out   []int16 // mixMinus(sum, own)
	}{
		{name: "length not a multiple of the unroll", total: []int32{1, 2, 3, 4, 5, 6, 7},
			add: []int16{10, 20, 30, 40, 50, 60, 70}, sum: []int32{11, 22, 33, 44, 55, 66, 77},
			own: []int16{1, 2, 3, 4, 5, 6, 7}, out: []int16{10, 20, 30, 40, 50, 60, 70}},
		{name: "saturates once at the end", total: []int32{30000, -30000, 30000},
			add: []int16{30000, -30000, 30000}, sum: []int32{60000, -60000, 60000},
			own: []int16{0, 0, 30000}, out: []int16{math.MaxInt16, math.MinInt16, 30000}},
		{name: "empty", total: []int32{}, add: []int16{}, sum: []int32{}, own: []int16{}, out: []int16{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := append([]int32(nil), tt.total...)
			addTo(acc, tt.add)
			for i := range acc {
				if acc[i] != tt.sum[i] {
					t.Fatalf("addTo: %v, want %v", acc, tt.sum)
				}
			}
			dst := make([]int16, len(acc))
			mixMinus(dst, acc, tt.own)
			for i := range dst {
				if dst[i] != tt.out[i] {
					t.Fatalf("mixMinus: %v, want %v", dst, tt.out)
				}
			}
		})
	}
}

// TestEngineConferenceManyLegs checks mix-minus sums for more legs than the
// two-party test: leg i plays 100*(i+1) and must be sent mic + all others.
func TestEngineConferenceManyLegs(t *testing.T) {
	e := NewEngine(EngineConfig{})
	var legs []*constStream
	total := int16(0)
	for i := range 6 {
		s := &constStream{value: int16(100 * (i + 1))}
		legs = append(legs, s)
		total += s.value
		e.Attach(string(rune('a'+i)), s)
	}
	mic := constFrame(FrameSamples, 7)
	for range 3 { // driven by hand: playback then capture, as the timer loop does
		e.mixPlayback()
		e.captureFrame(mic)
	}
	if v := e.play.mix[0]; v != total {
		t.Errorf("playback %d, want %d", v, total)
	}
	for i, s := range legs {
		fr := s.frames()
		if got, want := fr[len(fr)-1][FrameSamples-1], 7+total-s.value; got != want {
			t.Errorf("leg %d sent %d, want %d", i, got, want)
		}
	}
}
