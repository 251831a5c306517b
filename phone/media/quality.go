package media

import (
	"math"
	"strings"
	"time"
)

// This file holds the pure computation of call quality: the simplified ITU-T G.107 E-model
// and a meter turning successive SessionStats snapshots into live and whole-call figures.

// CodecImpairment is one codec's row of the E-model: its equipment impairment factor Ie and
// its packet-loss robustness factor Bpl, with and without packet loss concealment.
type CodecImpairment struct {
	Name     string  // codec name as in SDP (matched without regard to case)
	Ie       float64 // equipment impairment with no loss
	BplPLC   float64 // packet-loss robustness when the receiver conceals lost frames
	BplNoPLC float64 // packet-loss robustness when lost frames become silence
}

// codecImpairments is the E-model table. G.711's values are ITU-T G.113 Appendix I's (Ie 0;
// Bpl 4.3 without concealment, 25.1 with G.711 Appendix I concealment). The narrowband
// E-model has no place for wideband gain: G.722 and Opus get Ie 0 (they are rated at or
// above G.711) and robustness estimates, G.722 like G.711 (a waveform codec concealed the
// same way), Opus higher (its decoder's concealment and in-band FEC). A new codec adds a row.
var codecImpairments = [...]CodecImpairment{
	{Name: "PCMU", Ie: 0, BplPLC: 25.1, BplNoPLC: 4.3},
	{Name: "PCMA", Ie: 0, BplPLC: 25.1, BplNoPLC: 4.3},
	{Name: "G722", Ie: 0, BplPLC: 25.1, BplNoPLC: 4.3},
	{Name: "OPUS", Ie: 0, BplPLC: 30, BplNoPLC: 10},
}

// unknownCodec is used for a codec the table does not hold: a conservative low-rate codec
// (Ie 11, about G.729A's 10/G.723.1's 15).
var unknownCodec = CodecImpairment{Name: "", Ie: 11, BplPLC: 19, BplNoPLC: 4.3}

// ImpairmentOf returns the E-model row of codec, and false (with a conservative default) for
// a codec the table does not hold.
func ImpairmentOf(codec string) (CodecImpairment, bool) {
	for _, c := range codecImpairments {
		if strings.EqualFold(c.Name, codec) {
			return c, true
		}
	}
	return unknownCodec, false
}

// eModelR0 is the E-model's basic signal-to-noise term with the G.107 default values
// (Ro - Is with the defaults; A, the advantage factor, is 0 for a desk phone).
const eModelR0 = 93.2

// DelayImpairment is the E-model's Id for a one-way mouth-to-ear delay, taken as G.107's
// Idd (the talker and listener echo terms are negligible with the default echo loss of a
// handset or headset): 0 up to 100 ms, then
// 25·((1+X⁶)^(1/6) − 3·(1+(X/3)⁶)^(1/6) + 2) with X = log2(Ta/100 ms).
func DelayImpairment(oneWay time.Duration) float64 {
	ta := float64(oneWay) / float64(time.Millisecond)
	if ta <= 100 {
		return 0
	}
	x := math.Log2(ta / 100)
	x6 := x * x * x * x * x * x
	return 25 * (math.Pow(1+x6, 1.0/6) - 3*math.Pow(1+x6/729, 1.0/6) + 2)
}

// EffectiveIe is the E-model's Ie,eff for codec row c at lossPct percent random packet loss
// (BurstR 1): Ie + (95 − Ie)·Ppl/(Ppl + Bpl).
func EffectiveIe(c CodecImpairment, lossPct float64, plc bool) float64 {
	ppl := min(max(lossPct, 0), 100)
	bpl := c.BplNoPLC
	if plc {
		bpl = c.BplPLC
	}
	if ppl == 0 {
		return c.Ie
	}
	return c.Ie + (95-c.Ie)*ppl/(ppl+bpl)
}

// RFactor is the simplified E-model's transmission rating R = 93.2 − Id − Ie,eff for a call
// with codec, lossPct percent of packets lost (or discarded late), a one-way delay and the
// receiver concealing lost frames (plc) or not.
func RFactor(codec string, lossPct float64, oneWay time.Duration, plc bool) float64 {
	c, _ := ImpairmentOf(codec)
	return eModelR0 - DelayImpairment(oneWay) - EffectiveIe(c, lossPct, plc)
}

// MOSFromR converts an E-model rating to an estimated mean opinion score (G.107 Annex B):
// 1 below R 0, 4.5 above R 100, else 1 + 0.035·R + R·(R−60)·(100−R)·7·10⁻⁶, never below 1
// (the polynomial dips to 0.99 just above R 0).
func MOSFromR(r float64) float64 {
	switch {
	case r <= 0:
		return 1
	case r >= 100:
		return 4.5
	}
	return max(1, 1+0.035*r+r*(r-60)*(100-r)*7e-6)
}

// EstimateMOS is MOSFromR(RFactor(...)).
func EstimateMOS(codec string, lossPct float64, oneWay time.Duration, plc bool) float64 {
	return MOSFromR(RFactor(codec, lossPct, oneWay, plc))
}

// Quality is a call's quality at one moment, from our counters and the peer's RTCP reports.
type Quality struct {
	LossPct       float64       // packets of the far end lost on the way to us, % of expected, whole call
	RecentLossPct float64       // the same since the previous sample
	Lost          uint64        // packets lost on the way to us, whole call
	Sent          uint64        // RTP packets we sent
	Received      uint64        // RTP packets we received
	RemoteLossPct float64       // loss of our packets the peer reported in its last RTCP report
	RemoteLost    uint32        // cumulative loss of our packets the peer reported
	RemoteKnown   bool          // the peer sent an RTCP report about our stream
	Jitter        time.Duration // interarrival jitter of what we receive (RFC 3550 A.8)
	RTT           time.Duration // round-trip time from RTCP (LSR/DLSR), valid when RTTKnown
	RTTKnown      bool
	MOS           float64 // estimated listening quality of what we hear (E-model)
}

// QualityMeter turns successive SessionStats snapshots of one call into Quality figures: the
// live ones of each sample and the whole call's averages. The zero value is ready; a meter
// is used by one goroutine at a time.
type QualityMeter struct {
	// PlayoutDelay is the receive-side delay added to half the RTT for the E-model's
	// mouth-to-ear delay: packetisation, plus the jitter buffer's bound as long as the
	// statistics carry no JitterDelay (the buffer's current target, which replaces it).
	PlayoutDelay time.Duration
	// PacketTime is the packetisation part of PlayoutDelay, added to a JitterDelay.
	PacketTime time.Duration

	prevExpected, prevLost, prevLate uint64
	samples                          int
	jitterSum, rttSum                time.Duration
	rttSamples                       int
	last                             Quality
	lastStats                        SessionStats
}

// Sample takes one snapshot of a call's statistics and returns the live quality: loss over
// the whole call and since the previous sample, jitter, RTT and the MOS for the loss (lost
// and late packets) since the previous sample at the delay of RTT/2 + PlayoutDelay.
func (m *QualityMeter) Sample(st SessionStats) Quality {
	q := m.figures(st)
	expInt := st.Expected - min(m.prevExpected, st.Expected)
	lostInt := st.Lost - min(m.prevLost, st.Lost)
	lateInt := st.Late - min(m.prevLate, st.Late)
	m.prevExpected, m.prevLost, m.prevLate = st.Expected, st.Lost, st.Late
	if expInt > 0 {
		q.RecentLossPct = 100 * float64(min(lostInt, expInt)) / float64(expInt)
		q.MOS = EstimateMOS(st.Codec, 100*float64(min(lostInt+lateInt, expInt))/float64(expInt), m.delay(q, st), true)
	} else {
		q.RecentLossPct = q.LossPct
		q.MOS = m.last.MOS
		if m.samples == 0 {
			q.MOS = EstimateMOS(st.Codec, q.LossPct, m.delay(q, st), true)
		}
	}
	m.samples++
	m.jitterSum += q.Jitter
	if q.RTTKnown {
		m.rttSum += q.RTT
		m.rttSamples++
	}
	m.last, m.lastStats = q, st
	return q
}

// playout is the receive-side delay of st: packetisation plus the jitter buffer's current
// target when the statistics carry it, else PlayoutDelay.
func (m *QualityMeter) playout(st SessionStats) time.Duration {
	if st.JitterDelay > 0 {
		return m.PacketTime + st.JitterDelay
	}
	return m.PlayoutDelay
}

// Average returns the whole call's quality as of the last Sample: loss over the call, mean
// jitter and RTT of the samples, and the MOS for the call's loss at the mean delay. The
// zero Quality when nothing was sampled.
func (m *QualityMeter) Average() Quality {
	if m.samples == 0 {
		return Quality{}
	}
	q := m.figures(m.lastStats)
	q.RecentLossPct = m.last.RecentLossPct
	q.Jitter = m.jitterSum / time.Duration(m.samples)
	if m.rttSamples > 0 {
		q.RTT, q.RTTKnown = m.rttSum/time.Duration(m.rttSamples), true
	}
	st := m.lastStats
	loss := q.LossPct
	if st.Expected > 0 {
		loss = 100 * float64(min(st.Lost+st.Late, st.Expected)) / float64(st.Expected)
	}
	q.MOS = EstimateMOS(st.Codec, loss, m.delay(q, st), true)
	return q
}

// figures fills the counters of one snapshot.
func (m *QualityMeter) figures(st SessionStats) Quality {
	q := Quality{Lost: st.Lost, Sent: st.PacketsSent, Received: st.PacketsReceived,
		RemoteLossPct: 100 * st.RemoteFraction, RemoteLost: st.RemoteLost, RemoteKnown: st.RemoteKnown,
		Jitter: st.Jitter, RTT: st.RTT, RTTKnown: st.RTTKnown}
	if st.Expected > 0 {
		q.LossPct = 100 * float64(min(st.Lost, st.Expected)) / float64(st.Expected)
	}
	return q
}

// delay is the E-model's one-way delay for q, sampled from st.
func (m *QualityMeter) delay(q Quality, st SessionStats) time.Duration {
	d := m.playout(st)
	if q.RTTKnown {
		d += q.RTT / 2
	}
	return d
}
