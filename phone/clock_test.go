package phone

import (
	"sync"
	"testing"
	"time"
)

// AfterFunc runs f once the fake time passes d (advance), unless stopped first.
func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	ch := c.After(d)
	stop := make(chan struct{})
	done := make(chan bool, 1) // true: f ran; false: stopped
	go func() {
		select {
		case <-ch:
			done <- true
			f()
		case <-stop:
			done <- false
		}
	}()
	var once sync.Once
	stopped := false
	return func() bool {
		once.Do(func() {
			close(stop)
			stopped = !<-done
		})
		return stopped
	}
}

// The fake clock's AfterFunc fires when time is advanced past it and not before; a stopped
// one never fires.
func TestFakeClockAfterFunc(t *testing.T) {
	clk := newFakeClock()
	ran := make(chan struct{})
	clk.AfterFunc(3*time.Second, func() { close(ran) })
	stop := clk.AfterFunc(time.Second, func() { t.Error("a stopped timer fired") })
	if !stop() {
		t.Error("stop before the time reported false")
	}
	clk.waitWaiters(t, 2)
	clk.advance(2 * time.Second)
	select {
	case <-ran:
		t.Fatal("fired 1 s early")
	default:
	}
	clk.advance(time.Second)
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("not fired once its time passed")
	}
}

// TestRegisterRetryWait: after failures the registrar waits 5 s doubling to 5 min; when TCP
// connects are refused it probes at 0.5 s, then 1 s; a success starts over.
func TestRegisterRetryWait(t *testing.T) {
	w := newRetryWait()
	var got []time.Duration
	for range 8 {
		got = append(got, w.failed(false))
	}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second,
		80 * time.Second, 160 * time.Second, 5 * time.Minute, 5 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff %v, want %v", got, want)
		}
	}
	for i, want := range []time.Duration{500 * time.Millisecond, time.Second, time.Second} {
		if d := w.failed(true); d != want {
			t.Errorf("probe %d: %v, want %v", i+1, d, want)
		}
	}
	if d := w.failed(false); d != 5*time.Minute {
		t.Errorf("probing changed the backoff: %v", d)
	}
	w = newRetryWait()
	if d := w.failed(false); d != retryMin {
		t.Errorf("after a success: %v, want %v", d, retryMin)
	}
}

// TestGlareDelayEnds: the two ends of each RFC 3261 14.1 window, from a fixed random source.
func TestGlareDelayEnds(t *testing.T) {
	lowest := func(int) int { return 0 }
	highest := func(n int) int { return n - 1 }
	tests := []struct {
		owner  bool
		intN   func(int) int
		want   time.Duration
		window string
	}{
		{true, lowest, 2100 * time.Millisecond, "owner, lowest"},
		{true, highest, 4 * time.Second, "owner, highest"},
		{false, lowest, 0, "other side, lowest"},
		{false, highest, 2 * time.Second, "other side, highest"},
	}
	for _, tt := range tests {
		if d := glareDelayFrom(tt.owner, tt.intN); d != tt.want {
			t.Errorf("%s: %v, want %v", tt.window, d, tt.want)
		}
	}
}
