package phone

import (
	"context"
	"sync"
	"testing"
	"time"

	"softphone/phone/control"
)

// fakeHealth holds the figures a healthMonitor reads, changed by the test between steps.
type fakeHealth struct {
	mu        sync.Mutex
	active    bool
	s         healthSample
	rtt       time.Duration
	answered  bool
	probes    int
	cpu       time.Duration
	published chan control.Health
}

func (f *fakeHealth) set(change func(f *fakeHealth)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

func (f *fakeHealth) monitor(clk clock) *healthMonitor {
	lock := func() func() { f.mu.Lock(); return f.mu.Unlock }
	return &healthMonitor{
		clk:    clk,
		active: func() bool { defer lock()(); return f.active },
		sample: func() healthSample { defer lock()(); return f.s },
		probe: func() (time.Duration, bool) {
			defer lock()()
			f.probes++
			return f.rtt, f.answered
		},
		cpuTime: func() (time.Duration, bool) { defer lock()(); return f.cpu, true },
		publish: func(h control.Health) { f.published <- h },
		cpus:    2,
	}
}

// TestHealthMonitor drives the monitor with a fake clock: nothing while nobody listens, an
// event at once when someone does, then one every healthEvery, and one at once whenever the
// network or machine class changes.
func TestHealthMonitor(t *testing.T) {
	clk := newFakeClock()
	f := &fakeHealth{published: make(chan control.Health, 64), answered: true, rtt: 20 * time.Millisecond,
		s: healthSample{configured: true, registered: true}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.monitor(clk).run(ctx)

	// step advances the fake time by one healthStep and returns what was published, if anything.
	step := func() (control.Health, bool) {
		t.Helper()
		clk.waitWaiters(t, 1)
		clk.advance(healthStep)
		clk.waitWaiters(t, 1) // parked on the next step: this step's work is done
		select {
		case h := <-f.published:
			return h, true
		default:
			return control.Health{}, false
		}
	}
	steps := []struct {
		name    string
		change  func(f *fakeHealth)
		publish bool
		want    control.Health // checked when published
	}{
		{name: "nobody subscribed", publish: false},
		{name: "a subscriber: at once", change: func(f *fakeHealth) { f.active = true }, publish: true,
			want: control.Health{Internet: control.NetGood, Registered: true, RTTMS: 20, Computer: control.CPUGood}},
		{name: "same class, 1 s later", publish: false},
		{name: "2 s", publish: false},
		{name: "3 s", publish: false},
		{name: "4 s", publish: false},
		{name: "5 s: the periodic event", publish: true,
			want: control.Health{Internet: control.NetGood, Registered: true, RTTMS: 20, Computer: control.CPUGood}},
		{name: "call loss 2 %: fair at once", change: func(f *fakeHealth) { f.s.inCall, f.s.lossPct, f.s.underruns = true, 2, 7 }, publish: true,
			want: control.Health{Internet: control.NetFair, Registered: true, RTTMS: 20, InCall: true, LossPct: 2, Computer: control.CPUGood, Underruns: 7}},
		{name: "CPU 1.8 s of 2 cores in 1 s: overloaded at once", change: func(f *fakeHealth) { f.cpu += 1800 * time.Millisecond }, publish: true,
			want: control.Health{Internet: control.NetFair, Registered: true, RTTMS: 20, InCall: true, LossPct: 2, Computer: control.CPUOverloaded, CPUPct: 90, Underruns: 7}},
		{name: "CPU idle again: good at once", publish: true,
			want: control.Health{Internet: control.NetFair, Registered: true, RTTMS: 20, InCall: true, LossPct: 2, Computer: control.CPUGood, Underruns: 7}},
		{name: "registration lost: down at once", change: func(f *fakeHealth) { f.s = healthSample{configured: true} }, publish: true,
			want: control.Health{Internet: control.NetDown, Computer: control.CPUGood}},
		{name: "unsubscribed", change: func(f *fakeHealth) { f.active = false }, publish: false},
		{name: "registered, slow server, subscribed again: at once", change: func(f *fakeHealth) {
			f.active, f.s.registered, f.rtt = true, true, 450*time.Millisecond
		}, publish: true,
			want: control.Health{Internet: control.NetPoor, Registered: true, RTTMS: 450, Computer: control.CPUGood}},
		{name: "server stops answering: not measured before the next probe", change: func(f *fakeHealth) { f.answered = false }, publish: false},
	}
	for i, s := range steps {
		if s.change != nil {
			f.set(s.change)
		}
		h, got := step()
		if got != s.publish {
			t.Fatalf("step %d (%s): published %v (%+v), want %v", i, s.name, got, h, s.publish)
		}
		if got && h != s.want {
			t.Errorf("step %d (%s):\n got %+v\nwant %+v", i, s.name, h, s.want)
		}
	}
	// The probe runs every healthProbeEvery while registered: at the first subscribed step and on
	// registering again (the registration was lost before the 10 s had passed).
	f.set(func(f *fakeHealth) {
		if f.probes != 2 {
			t.Errorf("%d probes, want 2", f.probes)
		}
	})
	// Ten more seconds: the next probe finds the server silent: down.
	var last control.Health
	for range healthProbeEvery / healthStep {
		if h, ok := step(); ok {
			last = h
		}
	}
	if last.Internet != control.NetDown {
		t.Errorf("after an unanswered probe: %+v, want internet down", last)
	}
}

// TestHealthLine is the event's seed-style line.
func TestHealthLine(t *testing.T) {
	h := control.Health{Internet: control.NetFair, Registered: true, RTTMS: 182.4, InCall: true, LossPct: 1.25,
		Computer: control.CPUBusy, CPUPct: 61.04, Underruns: 3}
	want := "STATS,internet: fair registered: yes rtt: 182.4 loss: 1.2 incall: yes computer: busy cpu: 61.0 underruns: 3"
	if got := h.HealthLine(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
