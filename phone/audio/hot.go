package audio

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"softphone/phone/control"
)

// HotOptions configure a HotInput or HotOutput.
type HotOptions struct {
	// Role names the device in events: the parameter it follows (audioinput, audiooutput,
	// ringdevice).
	Role string
	// OnChange receives every device event; it is called from the audio goroutine and must
	// not block. Nil for none.
	OnChange func(control.DeviceChange)
	// ProbeInterval overrides DefaultProbeInterval (tests use a short one).
	ProbeInterval time.Duration
	// Rate is the rate the device reports when nothing but the null device opens
	// (default 16000 Hz); otherwise the first device opened sets it.
	Rate int
}

// endpoint is what inputs and outputs share.
type endpoint interface {
	Rate() int
	Close() error
}

// handover is a device opened off the audio goroutine, taken at its next Read or Write.
type handover[D endpoint] struct {
	dev    D
	spec   string
	rank   int
	change control.DeviceChange
	keep   bool // the device in use stays (it is the new list's choice); only rank changes
	// announced: the change was reported when the device was chosen (Switch)
	announced bool
}

// hot is the ranked-list logic HotInput and HotOutput share: which device is in use, the
// fall-back when it fails, user switches and the probe that takes a better device back.
// cur, curSpec and rank change only on the audio goroutine (under mu, so Close and the
// probe read them safely).
type hot[D endpoint] struct {
	open  func(spec string) (D, error)
	null  func(rate int) D
	opts  HotOptions
	rate  int
	mu    sync.Mutex
	specs []string
	cur   D
	spec  string // spec of cur ("null" for the fall-back)
	rank  int    // index of spec in specs; len(specs) for the null fall-back
	next  *handover[D]
	shut  bool
	probe bool          // the probe goroutine runs
	done  chan struct{} // closed by Close
	// wait is the probe's interval: ProbeInterval after a loss, doubled after each round that
	// finds nothing and after each loss of a device the probe took back less than flapWindow
	// intervals before (it opens but fails), up to maxProbeBackoff intervals.
	wait   time.Duration
	backAt time.Time // when the probe's last find was taken
	// changes counts the devices taken over after the first (DeviceChanges).
	changes atomic.Uint64
}

func newHot[D endpoint](specs []string, opts HotOptions, open func(string) (D, error), null func(int) D) *hot[D] {
	if opts.ProbeInterval <= 0 {
		opts.ProbeInterval = DefaultProbeInterval
	}
	if opts.Rate <= 0 {
		opts.Rate = 16000
	}
	h := &hot[D]{open: open, null: null, opts: opts, done: make(chan struct{}), wait: opts.ProbeInterval}
	h.specs = specs
	dev, spec, rank, failed := h.choose(specs, 0, opts.Rate)
	h.cur, h.spec, h.rank, h.rate = dev, spec, rank, dev.Rate()
	for _, f := range failed {
		h.emit(f)
	}
	h.startProbe()
	return h
}

// choose opens the first device of specs[from:] that opens, else the null device at rate;
// it returns the failures as events naming the device finally taken.
func (h *hot[D]) choose(specs []string, from, rate int) (D, string, int, []control.DeviceChange) {
	var failed []control.DeviceChange
	taken := func(spec string) {
		for i := range failed {
			failed[i].Taken = spec
		}
	}
	for i := from; i < len(specs); i++ {
		dev, err := h.open(specs[i])
		if err == nil {
			taken(specs[i])
			return dev, specs[i], i, failed
		}
		failed = append(failed, h.change(control.DeviceFailed, specs[i], err))
	}
	taken(NullDriverName)
	return h.null(rate), NullDriverName, len(specs), failed
}

func (h *hot[D]) change(kind, device string, err error) control.DeviceChange {
	c := control.DeviceChange{Role: h.opts.Role, Change: kind, Device: device}
	if err != nil {
		c.Reason = err.Error()
	}
	return c
}

func (h *hot[D]) emit(c control.DeviceChange) {
	if h.opts.OnChange != nil {
		h.opts.OnChange(c)
	}
}

// current takes a device handed over since the last call; it returns the device to use and
// whether it changed (so the caller resets its resampler). Audio goroutine.
func (h *hot[D]) current() (D, bool, error) {
	h.mu.Lock()
	if h.shut {
		h.mu.Unlock()
		var zero D
		return zero, false, ErrClosed
	}
	n := h.next
	h.next = nil
	if n == nil {
		d := h.cur
		h.mu.Unlock()
		return d, false, nil
	}
	changed := !n.keep
	if changed {
		h.cur.Close()
		h.cur, h.spec = n.dev, n.spec
		h.changes.Add(1)
		if n.change.Change == control.DeviceBack {
			h.backAt = time.Now()
		}
	}
	h.rank = n.rank
	d := h.cur
	h.mu.Unlock()
	if changed && !n.announced {
		h.emit(n.change)
	}
	h.startProbe()
	return d, changed, nil
}

// fail handles an I/O error of dev: it closes it, reports it lost and opens the next device
// of the list (or null). Audio goroutine.
func (h *hot[D]) fail(dev D, ioErr error) (D, error) {
	h.mu.Lock()
	if h.shut {
		h.mu.Unlock()
		var zero D
		return zero, ErrClosed
	}
	lost, specs, from := h.spec, h.specs, h.rank+1
	if !h.backAt.IsZero() && time.Since(h.backAt) < flapWindow*h.opts.ProbeInterval {
		h.wait = min(2*h.wait, maxProbeBackoff*h.opts.ProbeInterval)
	} else {
		h.wait = h.opts.ProbeInterval
	}
	h.backAt = time.Time{}
	if h.next != nil && !h.next.keep { // a device was on its way: take it instead
		n := h.next
		h.next = nil
		h.cur, h.spec, h.rank = n.dev, n.spec, n.rank
		h.changes.Add(1)
		h.mu.Unlock()
		dev.Close()
		c := h.change(control.DeviceLost, lost, ioErr)
		c.Taken = n.spec
		h.emit(c)
		return n.dev, nil
	}
	if h.next != nil { // the list changed and keeps this device: rank it in the new list
		from = h.next.rank + 1
	}
	h.next = nil
	h.mu.Unlock()
	dev.Close()
	if from > len(specs) { // the null device failed: it only does when closed
		var zero D
		return zero, fmt.Errorf("audio %s: %w", h.opts.Role, ioErr)
	}
	nd, spec, rank, failed := h.choose(specs, from, h.rate)
	h.mu.Lock()
	if h.shut {
		h.mu.Unlock()
		nd.Close()
		var zero D
		return zero, ErrClosed
	}
	h.cur, h.spec, h.rank = nd, spec, rank
	h.changes.Add(1)
	h.mu.Unlock()
	c := h.change(control.DeviceLost, lost, ioErr)
	c.Taken = spec
	h.emit(c)
	for _, f := range failed {
		h.emit(f)
	}
	h.startProbe()
	return nd, nil
}

// Close closes the device in use and any device waiting to be taken, and stops the probe.
func (h *hot[D]) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.shut {
		return nil
	}
	h.shut = true
	close(h.done)
	if n := h.next; n != nil && !n.keep {
		n.dev.Close()
	}
	h.next = nil
	return h.cur.Close()
}

// sameSpec reports whether two specs name the same device ("" and "default" are one).
func sameSpec(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if isDefaultName(a) && isDefaultName(b) {
		return true
	}
	return strings.EqualFold(a, b)
}

// xruns is the overflow/underflow count of the device in use (0 when it counts none).
func (h *hot[D]) xruns() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if x, ok := any(h.cur).(XRunCounter); ok {
		return x.XRuns()
	}
	return 0
}
