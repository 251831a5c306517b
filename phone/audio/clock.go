package audio

import "time"

// Clock is the time source that paces virtual devices. Tests inject a fake one.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep blocks for d.
	Sleep(d time.Duration)
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep calls time.Sleep.
func (SystemClock) Sleep(d time.Duration) { time.Sleep(d) }

// maxLag is how far a paced device may fall behind its schedule before the schedule is
// rebased to now (dropping the backlog instead of bursting to catch up).
const maxLag = 250 * time.Millisecond

// pacer releases samples in real time on an absolute schedule: the deadline for the n-th
// sample is start + n/rate, so sleep overshoot never accumulates into drift.
type pacer struct {
	clock   Clock
	rate    int
	start   time.Time
	samples int64
}

func newPacer(c Clock, rate int) pacer {
	if c == nil {
		c = SystemClock{}
	}
	return pacer{clock: c, rate: rate}
}

// offset converts a sample count to a duration without overflowing for long runs.
func (p *pacer) offset(n int64) time.Duration {
	r := int64(p.rate)
	return time.Duration(n/r)*time.Second + time.Duration(n%r)*time.Second/time.Duration(r)
}

// wait accounts for n more samples and sleeps until their deadline.
// The schedule starts at the first call.
func (p *pacer) wait(n int) {
	now := p.clock.Now()
	if p.start.IsZero() {
		p.start = now
	}
	p.samples += int64(n)
	deadline := p.start.Add(p.offset(p.samples))
	if lag := now.Sub(deadline); lag > maxLag {
		p.start = now.Add(-p.offset(p.samples))
		return
	}
	if d := deadline.Sub(now); d > 0 {
		p.clock.Sleep(d)
	}
}

// rebase makes the schedule say that all samples counted so far end now. Hardware devices call
// it after a call that really blocked, so the guard follows the device clock and only holds
// back devices that return early (like ALSA's null PCM).
func (p *pacer) rebase() {
	p.start = p.clock.Now().Add(-p.offset(p.samples))
}

// guard paces a hardware device: after a call that really blocked it trusts the device clock
// (rebase); after a call that returned early it sleeps up to the absolute deadline.
func (p *pacer) guard(n int, blocked bool) {
	if !blocked {
		p.wait(n)
		return
	}
	p.samples += int64(n)
	p.rebase()
}
