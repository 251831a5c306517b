package media

import (
	"testing"
	"time"

	"github.com/pion/rtp"
)

// jbOp is one step of a jitter buffer script: a push (seq set) or a pop.
type jbOp struct {
	push    bool
	seq     uint16
	ts      uint32 // 0 = seq*160
	ssrc    uint32 // 0 = 1
	marker  bool
	want    FrameStatus // for pops
	wantSeq uint16      // payload[0:2] carries the seq, checked when want == FrameOK
}

func push(seq uint16) jbOp { return jbOp{push: true, seq: seq} }
func pop(want FrameStatus, seq uint16) jbOp {
	return jbOp{want: want, wantSeq: seq}
}

func runJB(t *testing.T, j *JitterBuffer, ops []jbOp) {
	t.Helper()
	start := time.Unix(1000, 0)
	for i, op := range ops {
		now := start.Add(time.Duration(i) * 20 * time.Millisecond)
		if op.push {
			p := &rtp.Packet{Header: rtp.Header{
				Version: 2, SequenceNumber: op.seq, Timestamp: op.ts, SSRC: op.ssrc, Marker: op.marker,
			}, Payload: []byte{byte(op.seq >> 8), byte(op.seq)}}
			if op.ts == 0 {
				p.Timestamp = uint32(op.seq) * 160
			}
			if op.ssrc == 0 {
				p.SSRC = 1
			}
			j.Push(p, now)
			continue
		}
		payload, st := j.Pop()
		if st != op.want {
			t.Fatalf("op %d: Pop status %v, want %v", i, st, op.want)
		}
		if st == FrameOK {
			got := uint16(payload[0])<<8 | uint16(payload[1])
			if got != op.wantSeq {
				t.Fatalf("op %d: Pop gave seq %d, want %d", i, got, op.wantSeq)
			}
		}
	}
}

func TestJitterBuffer(t *testing.T) {
	tests := []struct {
		name  string
		ops   []jbOp
		check func(t *testing.T, st JitterStats)
	}{
		{
			name: "in order plays from the first packet at the least delay",
			ops: []jbOp{pop(FrameEmpty, 0), push(1), pop(FrameOK, 1), push(2), pop(FrameOK, 2), push(3),
				pop(FrameOK, 3), pop(FrameStretch, 0)},
			check: func(t *testing.T, st JitterStats) {
				if st.Received != 3 || st.Lost != 0 || st.Underruns != 1 || st.Stretched != 1 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "reorder",
			ops:  []jbOp{push(1), push(3), push(2), pop(FrameOK, 1), pop(FrameOK, 2), pop(FrameOK, 3)},
			check: func(t *testing.T, st JitterStats) {
				if st.Reordered != 1 || st.Lost != 0 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "loss gives FrameLost",
			ops: []jbOp{push(1), push(2), push(4), push(5),
				pop(FrameOK, 1), pop(FrameOK, 2), pop(FrameLost, 0), pop(FrameOK, 4), pop(FrameOK, 5)},
			check: func(t *testing.T, st JitterStats) {
				if st.Lost != 1 || st.Concealed != 1 || st.Expected != 5 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "late packet dropped",
			ops: []jbOp{push(1), push(2), push(3), pop(FrameOK, 1), pop(FrameOK, 2), pop(FrameOK, 3),
				push(5), pop(FrameLost, 0), push(4), pop(FrameStretch, 0), pop(FrameOK, 5)},
			check: func(t *testing.T, st JitterStats) {
				// The late packet grows the delay by the frame it missed by.
				if st.Late != 1 || st.Lost != 0 || st.Stretched != 1 || st.TargetDelay != 40*time.Millisecond {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "duplicate dropped",
			ops:  []jbOp{push(1), push(1), push(2), push(3), push(2), pop(FrameOK, 1), pop(FrameOK, 2), pop(FrameOK, 3)},
			check: func(t *testing.T, st JitterStats) {
				if st.Duplicate != 2 || st.Received != 3 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "sequence wrap",
			ops: []jbOp{{push: true, seq: 65534, ts: 160}, {push: true, seq: 65535, ts: 320},
				{push: true, seq: 0, ts: 480}, {push: true, seq: 1, ts: 640},
				pop(FrameOK, 65534), pop(FrameOK, 65535), pop(FrameOK, 0), pop(FrameOK, 1)},
			check: func(t *testing.T, st JitterStats) {
				if st.ExtHighestSeq != 1<<16|1 || st.Lost != 0 || st.Reordered != 0 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "SSRC change resyncs",
			ops: []jbOp{push(1), push(2), push(3), pop(FrameOK, 1),
				{push: true, seq: 900, ssrc: 7}, {push: true, seq: 901, ssrc: 7}, pop(FrameOK, 900),
				{push: true, seq: 902, ssrc: 7}, pop(FrameOK, 901), pop(FrameOK, 902)},
			check: func(t *testing.T, st JitterStats) {
				if st.Resyncs != 1 || st.SSRC != 7 || st.Late != 0 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "big sequence jump resyncs",
			ops: []jbOp{push(1), push(2), push(3), pop(FrameOK, 1),
				push(20000), push(20001), push(20002), pop(FrameOK, 20000)},
			check: func(t *testing.T, st JitterStats) {
				if st.Resyncs != 1 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "big timestamp jump resyncs",
			ops: []jbOp{push(1), push(2), push(3), pop(FrameOK, 1),
				{push: true, seq: 4, ts: 4*160 + 20*8000}, pop(FrameOK, 4)},
			check: func(t *testing.T, st JitterStats) {
				if st.Resyncs != 1 || st.Buffered != 0 {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "marker after underrun rebuffers",
			ops: []jbOp{push(1), push(2), push(3), pop(FrameOK, 1), pop(FrameOK, 2), pop(FrameOK, 3),
				pop(FrameStretch, 0), {push: true, seq: 4, ts: 4*160 + 8000, marker: true}, pop(FrameOK, 4),
				{push: true, seq: 5, ts: 5*160 + 8000}, {push: true, seq: 6, ts: 6*160 + 8000},
				pop(FrameOK, 5), pop(FrameOK, 6)},
			check: func(t *testing.T, st JitterStats) {
				// The talkspurt starts over at the target: the gap is not counted as jitter.
				if st.Lost != 0 || st.Resyncs != 0 || st.TargetDelay != 20*time.Millisecond {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "dry buffer without a marker grows the delay",
			ops: []jbOp{push(1), pop(FrameOK, 1), pop(FrameStretch, 0), push(2), pop(FrameOK, 2),
				push(3), pop(FrameOK, 3)},
			check: func(t *testing.T, st JitterStats) {
				if st.Underruns != 1 || st.Stretched != 1 || st.TargetDelay != 40*time.Millisecond {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "a long dry spell turns to silence",
			ops: []jbOp{push(1), pop(FrameOK, 1), pop(FrameStretch, 0), pop(FrameStretch, 0),
				pop(FrameStretch, 0), pop(FrameStretch, 0), pop(FrameStretch, 0), pop(FrameEmpty, 0)},
			check: func(t *testing.T, st JitterStats) {
				if st.Underruns != 1 || st.Stretched != jbDryConceal {
					t.Errorf("stats %+v", st)
				}
			},
		},
		{
			name: "earlier packet before playout is kept",
			ops:  []jbOp{push(2), push(1), push(3), pop(FrameOK, 1), pop(FrameOK, 2)},
			check: func(t *testing.T, st JitterStats) {
				if st.Late != 0 {
					t.Errorf("stats %+v", st)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := NewJitterBuffer(8000, 160, 60*time.Millisecond)
			runJB(t, j, tc.ops)
			tc.check(t, j.Stats())
		})
	}
}

func TestJitterBufferOverflowBoundsDelay(t *testing.T) {
	j := NewJitterBuffer(8000, 160, 60*time.Millisecond)
	now := time.Unix(0, 0)
	for i := 0; i < 500; i++ {
		j.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(i), Timestamp: uint32(i) * 160, SSRC: 1},
			Payload: []byte{byte(i >> 8), byte(i)}}, now)
	}
	if st := j.Stats(); st.Buffered > jbSlots {
		t.Fatalf("buffered %d packets, want at most %d", st.Buffered, jbSlots)
	}
	p, st := j.Pop()
	if st != FrameOK {
		t.Fatalf("Pop status %v", st)
	}
	// After catching up only the target delay (one frame) may remain.
	if got := int(p[0])<<8 | int(p[1]); got != 499 {
		t.Errorf("played seq %d, want one of the newest", got)
	}
}

func TestJitterEstimate(t *testing.T) {
	tests := []struct {
		name     string
		wobble   time.Duration
		min, max time.Duration
	}{
		{"steady", 0, 0, 0},
		{"10ms wobble", 10 * time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := NewJitterBuffer(8000, 160, 0)
			start := time.Unix(5, 0)
			for i := 0; i < 200; i++ {
				at := start.Add(time.Duration(i) * 20 * time.Millisecond)
				if i%2 == 1 {
					at = at.Add(tc.wobble)
				}
				j.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(i), Timestamp: uint32(i) * 160, SSRC: 9}}, at)
				j.Pop()
			}
			got := j.Stats().Jitter
			if got < tc.min || got > tc.max {
				t.Errorf("jitter %v, want in [%v, %v]", got, tc.min, tc.max)
			}
		})
	}
}

func FuzzJitterBuffer(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xff, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		j := NewJitterBuffer(8000, 160, 0)
		now := time.Unix(0, 0)
		for len(data) >= 4 {
			seq := uint16(data[0])<<8 | uint16(data[1])
			ts := uint32(data[2]) << 16 * uint32(data[3])
			j.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: ts, SSRC: uint32(data[3] & 1), Marker: data[2]&1 == 1}}, now)
			if data[0]&1 == 0 {
				j.Pop()
			}
			now = now.Add(time.Duration(data[2]) * time.Millisecond)
			data = data[4:]
		}
		if st := j.Stats(); st.Buffered < 0 || st.Buffered > jbSlots {
			t.Fatalf("buffered %d", st.Buffered)
		}
	})
}
