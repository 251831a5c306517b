package phone_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/control"
)

// stepClock is a phone.Clock whose time moves only when the test calls advance: the
// phone's schedules (here the ring timeout) run without the test waiting for them.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*stepTimer
}

type stepTimer struct {
	at      time.Time
	fire    func(time.Time)
	stopped bool
}

func newStepClock() *stepClock {
	return &stepClock{now: time.Unix(1_000_000, 0)}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) add(d time.Duration, fire func(time.Time)) *stepTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	tm := &stepTimer{at: c.now.Add(d), fire: fire}
	c.timers = append(c.timers, tm)
	return tm
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.add(d, func(t time.Time) { ch <- t })
	return ch
}

func (c *stepClock) AfterFunc(d time.Duration, f func()) func() bool {
	tm := c.add(d, func(time.Time) { go f() })
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !tm.stopped
		tm.stopped = true
		return was
	}
}

// advance moves time forward by d and fires the timers that are due.
func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*stepTimer
	keep := c.timers[:0]
	for _, tm := range c.timers {
		switch {
		case tm.stopped:
		case !tm.at.After(c.now):
			due = append(due, tm)
		default:
			keep = append(keep, tm)
		}
	}
	c.timers = keep
	now := c.now
	for _, tm := range due {
		tm.stopped = true
	}
	c.mu.Unlock()
	for _, tm := range due {
		tm.fire(now)
	}
}

// TestIntegrationRingTimeoutFakeClock: a call baresip lets ring is cancelled once
// ringtimeout passes on the phone's clock (here a fake one moved by the test, so the test
// does not wait the 30 s): baresip sees the call closed, the CDR says "no answer" and the
// local side ended it.
func TestIntegrationRingTimeoutFakeClock(t *testing.T) {
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer"})
	clk := newStepClock()
	tp := startPhoneWith(t, kv("ringtimeout", "30"), phone.WithClock(clk))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	tp.waitLine(control.StateRinging, callTimeout)
	b.WaitEvent(t, "CALL_INCOMING", callTimeout)
	// The ring timer is set before the INVITE's answers are read: Ringing means it runs.
	clk.advance(29 * time.Second)
	if st := tp.p.Status(); len(st.Lines) != 1 || st.Lines[0].State != control.StateRinging {
		t.Fatalf("after 29 s of 30 the call is not ringing: %+v", st.Lines)
	}
	clk.advance(time.Second)
	cdr := tp.waitCDR(callTimeout)
	if !strings.Contains(cdr.Reason, "no answer") || cdr.DisParty != 1 {
		t.Errorf("CDR reason %q party %d, want no answer ended by us", cdr.Reason, cdr.DisParty)
	}
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
}
