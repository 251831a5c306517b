package media

import (
	"math"
	"testing"
	"time"

	"github.com/pion/rtp"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// TestMOSFromR checks G.107 Annex B's R-to-MOS mapping at the points of its table
// (R 93.2 is the default connection, 4.41).
func TestMOSFromR(t *testing.T) {
	for _, c := range []struct{ r, mos float64 }{
		{-5, 1}, {0, 1}, {20, 1.252}, {50, 2.575}, {60, 3.1}, {70, 3.597}, {80, 4.024},
		{93.2, 4.4093}, {100, 4.5}, {120, 4.5},
	} {
		if got := MOSFromR(c.r); !near(got, c.mos, 0.0005) {
			t.Errorf("MOSFromR(%v) = %.4f, want %.4f", c.r, got, c.mos)
		}
	}
}

// TestDelayImpairment checks G.107's Idd: nothing up to 100 ms, then the curve (3.04 at
// 200 ms, 14.76 at 300 ms, 24.07 at 400 ms, 35.25 at 600 ms).
func TestDelayImpairment(t *testing.T) {
	for _, c := range []struct {
		ms int
		id float64
	}{{0, 0}, {50, 0}, {100, 0}, {150, 0.1635}, {200, 3.0444}, {300, 14.7607}, {400, 24.0701}, {600, 35.2468}} {
		if got := DelayImpairment(time.Duration(c.ms) * time.Millisecond); !near(got, c.id, 0.0005) {
			t.Errorf("Id(%d ms) = %.4f, want %.4f", c.ms, got, c.id)
		}
	}
}

// TestEffectiveIe checks Ie,eff = Ie + (95 - Ie)·Ppl/(Ppl + Bpl) with G.113 Appendix I's
// G.711 robustness (25.1 concealed, 4.3 not) and the unknown-codec default.
func TestEffectiveIe(t *testing.T) {
	pcmu, ok := ImpairmentOf("pcmu")
	if !ok || pcmu.Name != "PCMU" {
		t.Fatalf("ImpairmentOf(pcmu) = %+v, %v", pcmu, ok)
	}
	for _, c := range []struct {
		loss float64
		plc  bool
		want float64
	}{
		{0, true, 0}, {0, false, 0}, {-1, true, 0},
		{1, true, 95.0 / 26.1}, {5, true, 95 * 5 / 30.1}, {2, false, 95 * 2 / 6.3}, {100, true, 95 * 100 / 125.1},
		{150, true, 95 * 100 / 125.1}, // clamped to 100 %
	} {
		if got := EffectiveIe(pcmu, c.loss, c.plc); !near(got, c.want, 1e-9) {
			t.Errorf("Ie,eff(PCMU, %v %%, plc %v) = %.4f, want %.4f", c.loss, c.plc, got, c.want)
		}
	}
	unk, ok := ImpairmentOf("speex")
	if ok || unk.Ie != 11 {
		t.Errorf("ImpairmentOf(speex) = %+v, %v; want the default row, false", unk, ok)
	}
	if got := EffectiveIe(unk, 0, true); got != 11 {
		t.Errorf("unknown codec, no loss: Ie,eff %v, want 11", got)
	}
}

// TestEstimateMOS checks whole E-model results: G.711 without loss at a desk-phone delay is
// 4.41; 5 % loss concealed brings R to 77.4 (MOS 3.92); 2 % at 250 ms, 3.92; every known
// codec gives >= 4.2 without loss or delay, and more loss never scores better.
func TestEstimateMOS(t *testing.T) {
	for _, c := range []struct {
		codec string
		loss  float64
		delay time.Duration
		plc   bool
		mos   float64
	}{
		{"PCMU", 0, 80 * time.Millisecond, true, 4.4093},
		{"PCMA", 0, 120 * time.Millisecond, true, 4.4093},
		{"PCMU", 5, 80 * time.Millisecond, true, 3.9228},
		{"PCMA", 2, 250 * time.Millisecond, true, 3.9169},
		{"PCMU", 100, 0, false, 1.0},
	} {
		if got := EstimateMOS(c.codec, c.loss, c.delay, c.plc); !near(got, c.mos, 0.0005) {
			t.Errorf("MOS(%s, %v %%, %v, plc %v) = %.4f, want %.4f", c.codec, c.loss, c.delay, c.plc, got, c.mos)
		}
	}
	for _, row := range codecImpairments {
		if m := EstimateMOS(row.Name, 0, 100*time.Millisecond, true); m < 4.2 {
			t.Errorf("%s without loss: MOS %.2f < 4.2", row.Name, m)
		}
		prev := 5.0
		for loss := 0.0; loss <= 30; loss += 0.5 {
			m := EstimateMOS(row.Name, loss, 100*time.Millisecond, true)
			if m > prev {
				t.Errorf("%s: MOS rises from %.3f to %.3f at %.1f %% loss", row.Name, prev, m, loss)
			}
			prev = m
		}
	}
}

// TestQualityMeter feeds snapshots of a call and checks the live and whole-call figures.
func TestQualityMeter(t *testing.T) {
	m := QualityMeter{PlayoutDelay: 80 * time.Millisecond}
	if q := m.Average(); q != (Quality{}) {
		t.Fatalf("average before any sample %+v", q)
	}
	// 2 s without loss, RTT not yet known.
	q := m.Sample(SessionStats{Codec: "PCMU", Expected: 100, PacketsReceived: 100, PacketsSent: 100,
		Jitter: 2 * time.Millisecond})
	if q.LossPct != 0 || q.RecentLossPct != 0 || q.RTTKnown || !near(q.MOS, 4.4093, 0.0005) {
		t.Fatalf("first sample %+v", q)
	}
	// Next 2 s: 10 of 100 lost, RTT 40 ms, the peer reports 25/256 of ours lost.
	q = m.Sample(SessionStats{Codec: "PCMU", Expected: 200, Lost: 10, PacketsReceived: 190, PacketsSent: 200,
		Jitter: 6 * time.Millisecond, RTT: 40 * time.Millisecond, RTTKnown: true,
		RemoteFraction: 25.0 / 256, RemoteLost: 12, RemoteKnown: true})
	if !near(q.LossPct, 5, 1e-9) || !near(q.RecentLossPct, 10, 1e-9) || q.Lost != 10 || q.Received != 190 ||
		!q.RTTKnown || q.RTT != 40*time.Millisecond || !near(q.RemoteLossPct, 9.765625, 1e-9) || q.RemoteLost != 12 {
		t.Fatalf("second sample %+v", q)
	}
	if want := EstimateMOS("PCMU", 10, 100*time.Millisecond, true); !near(q.MOS, want, 1e-9) {
		t.Errorf("live MOS %.4f, want %.4f (10 %% loss in the interval)", q.MOS, want)
	}
	// No packets in the last interval (hold): the MOS stays.
	mos := q.MOS
	q = m.Sample(SessionStats{Codec: "PCMU", Expected: 200, Lost: 10, PacketsReceived: 190,
		Jitter: 6 * time.Millisecond, RTT: 40 * time.Millisecond, RTTKnown: true})
	if q.MOS != mos || !near(q.RecentLossPct, 5, 1e-9) {
		t.Errorf("idle sample %+v, want MOS %.4f kept", q, mos)
	}
	a := m.Average()
	if !near(a.LossPct, 5, 1e-9) || a.Jitter != (2+6+6)*time.Millisecond/3 || a.RTT != 40*time.Millisecond {
		t.Errorf("average %+v", a)
	}
	if want := EstimateMOS("PCMU", 5, 100*time.Millisecond, true); !near(a.MOS, want, 1e-9) {
		t.Errorf("average MOS %.4f, want %.4f", a.MOS, want)
	}
	// Late packets count as lost for the MOS, not for the network loss.
	m2 := QualityMeter{}
	q = m2.Sample(SessionStats{Codec: "PCMA", Expected: 100, PacketsReceived: 100, Late: 5})
	if q.LossPct != 0 || !near(q.MOS, EstimateMOS("PCMA", 5, 0, true), 1e-9) {
		t.Errorf("late packets: %+v", q)
	}
}

// BenchmarkEstimateMOS is the cost of one E-model computation (done every 2 s per call).
func BenchmarkEstimateMOS(b *testing.B) {
	b.ReportAllocs()
	var sink float64
	for i := 0; b.Loop(); i++ {
		sink += EstimateMOS("PCMA", float64(i&7), time.Duration(100+i&255)*time.Millisecond, true)
	}
	_ = sink
}

// BenchmarkQualitySample is the cost of one QualityMeter sample (a snapshot to live figures).
func BenchmarkQualitySample(b *testing.B) {
	b.ReportAllocs()
	var m QualityMeter
	st := SessionStats{Codec: "PCMU", RTT: 40 * time.Millisecond, RTTKnown: true}
	for b.Loop() {
		st.Expected += 100
		st.Lost += 5
		m.Sample(st)
	}
}

// BenchmarkStatsPerPacket is the per-packet cost of the receive statistics: the jitter
// buffer's sequence bookkeeping, counters and RFC 3550 A.8 jitter, one Push per packet with
// a Pop per frame as the playout clock does.
func BenchmarkStatsPerPacket(b *testing.B) {
	b.ReportAllocs()
	jb := NewJitterBuffer(8000, 160, 60*time.Millisecond)
	p := &rtp.Packet{Header: rtp.Header{SSRC: 7}, Payload: make([]byte, 160)}
	t0 := time.Unix(1_700_000_000, 0)
	i := 0
	for b.Loop() {
		p.SequenceNumber = uint16(i)
		p.Timestamp = uint32(i * 160)
		jb.Push(p, t0.Add(time.Duration(i)*20*time.Millisecond+time.Duration(i%3)*time.Millisecond))
		jb.Pop()
		i++
	}
	if st := jb.Stats(); st.Received == 0 {
		b.Fatal("nothing received")
	}
}

// TestQualityMeterFollowsJitterDelay: the E-model's delay is the jitter buffer's current target
// when the statistics carry it, not the buffer's bound.
func TestQualityMeterFollowsJitterDelay(t *testing.T) {
	st := SessionStats{Codec: "PCMU", Expected: 1000, PacketsReceived: 1000}
	bound := QualityMeter{PacketTime: 20 * time.Millisecond, PlayoutDelay: 420 * time.Millisecond}
	adaptive := st
	adaptive.JitterDelay = 20 * time.Millisecond
	same := QualityMeter{PlayoutDelay: 40 * time.Millisecond}
	got, want := bound.Sample(adaptive).MOS, same.Sample(st).MOS
	if got != want {
		t.Errorf("MOS with a 20 ms target under a 400 ms bound = %.3f, want %.3f (as for a 40 ms playout delay)", got, want)
	}
	if atBound := (&QualityMeter{PacketTime: 20 * time.Millisecond, PlayoutDelay: 420 * time.Millisecond}).Sample(st).MOS; atBound >= got {
		t.Errorf("MOS at the 400 ms bound = %.3f, want below %.3f: the delay should matter", atBound, got)
	}
}
