package phone

import (
	"context"
	"runtime"
	"strings"
	"time"

	"softphone/phone/control"
)

// The health event (TotalVoice's stats_webphone): the network's state (registered, the round
// trip of an OPTIONS to the server, as the self-test sends it, and the recent loss of the
// connected call) and the machine's (the process's CPU share, the frames the call's playout had
// nothing to play). Sampled every healthStep while someone is subscribed to events, published
// every healthEvery and at once when the network or machine class changes.

const (
	healthStep       = time.Second      // how often the figures are sampled
	healthEvery      = 5 * time.Second  // the longest time between two health events
	healthProbeEvery = 10 * time.Second // how often the server's round trip is measured
)

// healthSample is what the phone's state says at one moment, before classes.
type healthSample struct {
	configured, registered, inCall bool
	lossPct                        float64
	underruns                      uint64
}

// healthMonitor samples and publishes the health; its functions are seams for a fake clock
// and fake figures in tests.
type healthMonitor struct {
	clk     clock
	active  func() bool                         // someone is subscribed to events
	sample  func() healthSample                 // the phone's state
	probe   func() (rtt time.Duration, ok bool) // one round trip to the server (registered only)
	cpuTime func() (time.Duration, bool)        // CPU time the process used so far
	publish func(control.Health)
	cpus    int // the machine's logical CPUs
}

// run samples every healthStep until ctx ends.
func (m *healthMonitor) run(ctx context.Context) {
	var (
		last           control.Health
		lastAt, probed time.Time
		have           bool
		rttMS          float64
		answered       = true
		cpuAt          = m.clk.Now()
		cpuWas, _      = m.cpuTime()
	)
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.clk.After(healthStep):
		}
		now := m.clk.Now()
		cpu, cpuOK := m.cpuTime()
		pct := 0.0
		if wall := now.Sub(cpuAt); cpuOK && wall > 0 {
			pct = 100 * float64(cpu-cpuWas) / float64(wall) / float64(max(m.cpus, 1))
		}
		cpuWas, cpuAt = cpu, now
		if !m.active() {
			have = false // the next subscriber hears at once
			continue
		}
		s := m.sample()
		if !s.registered {
			rttMS, answered, probed = 0, true, time.Time{}
		} else if probed.IsZero() || now.Sub(probed) >= healthProbeEvery {
			rtt, ok := m.probe()
			probed, answered = now, ok
			if ok {
				rttMS = float64(rtt.Microseconds()) / 1000
			}
		}
		h := control.Health{
			Internet:   control.NetClass(s.configured, s.registered, answered, rttMS, s.lossPct),
			Registered: s.registered, RTTMS: round(rttMS, 1), InCall: s.inCall, LossPct: round(s.lossPct, 1),
			CPUPct: round(pct, 1), Computer: control.CPUClass(pct), Underruns: s.underruns,
		}
		if !have || !h.SameClass(last) || now.Sub(lastAt) >= healthEvery {
			m.publish(h)
			last, lastAt, have = h, now, true
		}
	}
}

// startHealth starts the health monitor of a running phone; it ends with the phone.
func (p *Phone) startHealth() {
	m := &healthMonitor{
		clk:     p.clock,
		active:  func() bool { return p.bus.count() > 0 },
		sample:  p.healthSample,
		probe:   p.healthProbe,
		cpuTime: processCPU,
		publish: func(h control.Health) {
			p.post(func() { p.publish(control.Event{Kind: control.KindHealth, Health: &h, Notification: h.HealthLine()}) })
		},
		cpus: runtime.NumCPU(),
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		m.run(p.ctx)
	}()
}

// healthSample reads the registration and the connected calls' quality.
func (p *Phone) healthSample() healthSample {
	st := p.Status()
	s := healthSample{registered: st.Registered, configured: strings.TrimSpace(p.params.Get("serveraddress")) != ""}
	for _, l := range st.Lines {
		if l.State == control.StateInCall || l.State == control.StateHold {
			s.inCall = true
			s.lossPct = max(s.lossPct, l.Quality.RecentLossPct)
		}
	}
	if s.inCall {
		p.run(func() {
			for _, c := range p.lines {
				if c.session != nil {
					s.underruns += c.session.Stats().Concealed
				}
			}
		})
	}
	return s
}

// healthProbe is one OPTIONS round trip to the server in use (the self-test's probe).
func (p *Phone) healthProbe() (time.Duration, bool) {
	var (
		a  account
		st *sipStack
	)
	if !p.run(func() { a, st = p.account(), p.sip }) || st == nil || a.server == "" {
		return 0, false
	}
	pr := p.optionsProbe(p.ctx, st, a)
	return pr.rtt, pr.err == nil
}

// count is the number of subscribers.
func (b *bus) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
