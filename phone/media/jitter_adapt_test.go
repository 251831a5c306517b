package media

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// jbSim plays a scripted call through a JitterBuffer on a fake clock: the
// sender sends a packet every 20 ms, each arrives after a scripted network
// delay, and playout pops every 20 ms at its own phase. It records, for every
// frame played, how long the packet waited in the buffer (the delay the
// buffer added).
type jbSim struct {
	j        *JitterBuffer
	rng      *rand.Rand
	burst    int             // playout pulls this many frames back to back (device buffer length)
	sent     int             // packets sent so far
	pops     int             // playout ticks so far
	arrivals []time.Duration // arrival time per sequence number
	inFlight []int           // sequence numbers sent, not yet arrived, by arrival
}

const (
	simFrame = 20 * time.Millisecond
	simPhase = 13 * time.Millisecond // playout ticks at n*20 ms + 13 ms
	simBase  = 30 * time.Millisecond // the network's fixed delay
)

func newJBSim(maxDelay time.Duration, burst int) *jbSim {
	return &jbSim{j: NewJitterBuffer(8000, 160, maxDelay), rng: rand.New(rand.NewPCG(1, 2)), burst: burst}
}

// phaseStats are the figures of one phase of a scripted call.
type phaseStats struct {
	frames           int           // playout ticks
	late             int           // packets that came after their playout time
	skipped          int           // frames dropped to shrink the delay
	stretched        int           // frames inserted to grow the delay
	mean, p95, worst time.Duration // delay added by the buffer to played packets
	maxTarget        time.Duration // the largest target delay seen
	endTarget        time.Duration // the target delay at the end
}

// run plays d of call with each packet's extra network delay drawn by jitter.
func (s *jbSim) run(d time.Duration, jitter func(r *rand.Rand) time.Duration) phaseStats {
	var ps phaseStats
	var delays []time.Duration
	st0 := s.j.Stats()
	end := time.Duration(s.pops)*simFrame + d
	for t := time.Duration(s.pops) * simFrame; t < end; t += simFrame {
		now := t - t%(time.Duration(s.burst)*simFrame) + simPhase
		// Everything sent up to now gets its arrival time.
		for ; time.Duration(s.sent)*simFrame <= now; s.sent++ {
			s.arrivals = append(s.arrivals, time.Duration(s.sent)*simFrame+simBase+jitter(s.rng))
			s.inFlight = append(s.inFlight, s.sent)
		}
		slices.SortFunc(s.inFlight, func(a, b int) int { return int(s.arrivals[a] - s.arrivals[b]) })
		for len(s.inFlight) > 0 && s.arrivals[s.inFlight[0]] <= now {
			seq := s.inFlight[0]
			s.inFlight = s.inFlight[1:]
			s.j.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(seq), Timestamp: uint32(seq) * 160, SSRC: 3},
				Payload: []byte{byte(seq >> 16), byte(seq >> 8), byte(seq)}}, time.Unix(0, 0).Add(s.arrivals[seq]))
		}
		// A pause in the speech every 10th frame, where a drop goes unheard.
		payload, st := s.j.PopQuiet(s.pops%10 == 0)
		s.pops++
		ps.frames++
		if st == FrameOK {
			seq := int(payload[0])<<16 | int(payload[1])<<8 | int(payload[2])
			delays = append(delays, now-s.arrivals[seq])
		}
		target := s.j.Stats().TargetDelay
		ps.maxTarget = max(ps.maxTarget, target)
		ps.endTarget = target
	}
	st := s.j.Stats()
	ps.late, ps.skipped, ps.stretched = int(st.Late-st0.Late), int(st.Skipped-st0.Skipped), int(st.Stretched-st0.Stretched)
	slices.Sort(delays)
	var sum time.Duration
	for _, v := range delays {
		sum += v
	}
	if len(delays) > 0 {
		ps.mean = sum / time.Duration(len(delays))
		ps.p95 = delays[len(delays)*95/100]
		ps.worst = delays[len(delays)-1]
	}
	return ps
}

func noJitter(*rand.Rand) time.Duration { return 0 }

// uniformJitter spreads each packet's delay evenly over [0, spread).
func uniformJitter(spread time.Duration) func(r *rand.Rand) time.Duration {
	return func(r *rand.Rand) time.Duration { return time.Duration(r.Int64N(int64(spread))) }
}

// TestJitterBufferAdapts: with no jitter the delay stays at the least (one
// frame, or as many as playout pulls at once); with jitter it grows to cover it and loses under 1 % of the packets
// to lateness; when the jitter stops it shrinks back. Time is scripted, so the
// figures (logged with -v) are exact and repeatable.
func TestJitterBufferAdapts(t *testing.T) {
	tests := []struct {
		name     string
		maxDelay time.Duration
		spread   time.Duration // peak-to-peak jitter of the middle phase
		burst    int           // frames playout pulls at once
	}{
		// 60 ms is the jitterdelay parameter's default.
		{"20 ms peak-to-peak, jitterdelay 60", 60 * time.Millisecond, 20 * time.Millisecond, 1},
		// netem "delay 40ms 20ms": 40 ms peak to peak, reordering.
		{"40 ms peak-to-peak, jitterdelay 100", 100 * time.Millisecond, 40 * time.Millisecond, 1},
		// PortAudio playback pulls 40 ms at a time: the delay may need two frames then.
		{"playout in pairs, 20 ms peak-to-peak, jitterdelay 60", 60 * time.Millisecond, 20 * time.Millisecond, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newJBSim(tc.maxDelay, tc.burst)
			least := time.Duration(tc.burst) * simFrame
			calm := s.run(30*time.Second, noJitter)
			jit := s.run(60*time.Second, uniformJitter(tc.spread))
			after := s.run(30*time.Second, noJitter)
			for _, p := range []struct {
				name string
				ps   phaseStats
			}{{"no jitter", calm}, {"jitter", jit}, {"after", after}} {
				t.Logf("%-9s added delay mean %v, 95th %v, max %v; target max %v, end %v; late %d of %d (%.2f %%), frames stretched %d, skipped %d",
					p.name, p.ps.mean.Round(time.Microsecond), p.ps.p95.Round(time.Microsecond), p.ps.worst.Round(time.Microsecond),
					p.ps.maxTarget, p.ps.endTarget, p.ps.late, p.ps.frames, 100*float64(p.ps.late)/float64(p.ps.frames), p.ps.stretched, p.ps.skipped)
			}
			if calm.maxTarget > least || calm.late != 0 || calm.worst > least {
				t.Errorf("no jitter: target up to %v, worst added delay %v, %d late; want the least and none late",
					calm.maxTarget, calm.worst, calm.late)
			}
			if jit.endTarget < tc.spread || jit.endTarget > tc.maxDelay {
				t.Errorf("jitter %v: target %v, want it to cover the jitter within %v", tc.spread, jit.endTarget, tc.maxDelay)
			}
			if jit.late*100 > jit.frames {
				t.Errorf("jitter %v: %d of %d packets late, want under 1 %%", tc.spread, jit.late, jit.frames)
			}
			if after.endTarget > least || after.late != 0 || after.skipped == 0 {
				t.Errorf("after the jitter: target %v with %d late, %d skipped; want back at the least by skipping, none late",
					after.endTarget, after.late, after.skipped)
			}
			st := s.j.Stats()
			if st.Skipped == 0 || st.Stretched == 0 {
				t.Errorf("stats %+v: want frames both stretched and skipped", st)
			}
		})
	}
}

// BenchmarkJitterBufferAdaptive is one packet in and one frame out of a buffer
// adapting to 40 ms of jitter: 0 allocations.
func BenchmarkJitterBufferAdaptive(b *testing.B) {
	j := NewJitterBuffer(8000, 160, 100*time.Millisecond)
	rng := rand.New(rand.NewPCG(1, 2))
	p := &rtp.Packet{Header: rtp.Header{SSRC: 3}, Payload: make([]byte, 160)}
	at := time.Unix(0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// Every fourth packet is one frame late, the rest on time.
		seq := i
		if i%4 == 1 {
			seq = i + 1
		} else if i%4 == 2 {
			seq = i - 1
		}
		p.SequenceNumber, p.Timestamp = uint16(seq), uint32(seq)*160
		j.Push(p, at.Add(time.Duration(i)*simFrame+time.Duration(rng.Int64N(int64(40*time.Millisecond)))))
		j.PopQuiet(i%10 == 0)
	}
}
