package phone

import (
	"math"
	"time"

	"softphone/phone/control"
	"softphone/phone/media"
)

// qualityInterval is how often a call's quality is sampled; the line is published again
// only when a figure changed meaningfully (qualityChanged).
const qualityInterval = 2 * time.Second

// packetTime is the RTP packetisation (ptime) of our calls, part of the mouth-to-ear delay.
const packetTime = 20 * time.Millisecond

// callQuality is a call's quality meter and its latest figures. Owner goroutine.
type callQuality struct {
	meter media.QualityMeter
	live  control.Quality // the latest sample, shown on the line
	sent  control.Quality // the figures of the last KindQuality event
}

// watchQuality starts sampling a call's quality every qualityInterval until it ends, once
// per call, and the VAD notifications when asked for (vad.go). Owner goroutine.
func (p *Phone) watchQuality(c *call) {
	p.watchVAD()
	if c.q != nil {
		return
	}
	c.q = &callQuality{meter: media.QualityMeter{PacketTime: packetTime,
		PlayoutDelay: packetTime + time.Duration(p.params.Int("jitterdelay"))*time.Millisecond}}
	ended, quit := c.ended, p.quit
	go func() {
		t := time.NewTicker(qualityInterval)
		defer t.Stop()
		for {
			select {
			case <-ended:
				return
			case <-quit:
				return
			case <-t.C:
				p.post(func() { p.sampleQuality(c, true) })
			}
		}
	}()
}

// sampleQuality takes a sample of the call's RTP statistics for GET /v1/status; with
// publish, a KindQuality event carries the line when the figures moved meaningfully since
// the last one. Owner goroutine.
func (p *Phone) sampleQuality(c *call, publish bool) {
	if c.q == nil || c.session == nil || c.state == control.StateFinished {
		return
	}
	st := c.session.Stats()
	if st.PacketsReceived == 0 && st.PacketsSent == 0 {
		return
	}
	c.q.live = controlQuality(c.q.meter.Sample(st))
	p.refreshStatus()
	if publish && qualityChanged(c.q.sent, c.q.live) {
		c.q.sent = c.q.live
		snap := c.snapshot()
		p.publish(control.Event{Kind: control.KindQuality, Line: &snap, Notification: snap.QualityLine()})
	}
}

// endQuality takes the last sample before a call's media stops; from then on the line
// shows the whole call's figures (the final STATUS, the jscripstats line). Owner goroutine.
func (p *Phone) endQuality(c *call) {
	p.sampleQuality(c, false)
	if c.q != nil {
		c.q.live = c.callAverage()
	}
}

// callAverage is the whole call's quality for the CDR and the history; zero when no media
// flowed. Owner goroutine.
func (c *call) callAverage() control.Quality {
	if c.q == nil {
		return control.Quality{}
	}
	return controlQuality(c.q.meter.Average())
}

// liveQuality is the call's latest quality sample, zero before the first. Owner goroutine.
func (c *call) liveQuality() control.Quality {
	if c.q == nil {
		return control.Quality{}
	}
	return c.q.live
}

// controlQuality converts and rounds the meter's figures for events and the API.
func controlQuality(q media.Quality) control.Quality {
	out := control.Quality{
		MOS: round(q.MOS, 2), LossPct: round(q.LossPct, 2), RecentLossPct: round(q.RecentLossPct, 2),
		Lost: q.Lost, JitterMS: round(ms(q.Jitter), 1), RemoteLossPct: round(q.RemoteLossPct, 1),
		RemoteLost: q.RemoteLost, RemoteKnown: q.RemoteKnown, Sent: q.Sent, Received: q.Received,
	}
	if q.RTTKnown {
		out.RTTMS = max(round(ms(q.RTT), 1), 0.1) // known, however short
	}
	return out
}

// qualityChanged reports whether b differs from a enough to publish the line again: the
// first figures, MOS by 0.1, loss by half a point (whole call) or 2 points (last interval),
// jitter by 2 ms, RTT by 10 ms or becoming known, the peer's report arriving.
func qualityChanged(a, b control.Quality) bool {
	return a.MOS == 0 && b.MOS != 0 ||
		math.Abs(a.MOS-b.MOS) >= 0.1 ||
		math.Abs(a.LossPct-b.LossPct) >= 0.5 ||
		math.Abs(a.RecentLossPct-b.RecentLossPct) >= 2 ||
		math.Abs(a.JitterMS-b.JitterMS) >= 2 ||
		(a.RTTMS == 0) != (b.RTTMS == 0) || math.Abs(a.RTTMS-b.RTTMS) >= 10 ||
		a.RemoteKnown != b.RemoteKnown
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func round(v float64, digits int) float64 {
	f := math.Pow10(digits)
	return math.Round(v*f) / f
}
