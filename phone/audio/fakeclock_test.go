package audio

import (
	"sync"
	"time"
)

// fakeClock is a Clock whose Sleep advances time instantly, optionally oversleeping.
type fakeClock struct {
	mu        sync.Mutex
	now       time.Time
	slept     time.Duration
	sleeps    int
	oversleep time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d + c.oversleep)
	c.slept += d
	c.sleeps++
}

// advance moves time forward without a Sleep (the caller doing slow work).
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) elapsed(since time.Time) time.Duration {
	return c.Now().Sub(since)
}
