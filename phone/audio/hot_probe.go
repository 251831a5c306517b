package audio

import (
	"time"

	"softphone/phone/control"
)

// DefaultProbeInterval is how often a hot device that is not on its first choice tries to
// open the devices ranked above the one in use, so a device that comes back is taken again.
const DefaultProbeInterval = 2 * time.Second

// maxProbeBackoff bounds the probe's back-off, in probe intervals (16 s by default).
const maxProbeBackoff = 8

// flapWindow: a device the probe took back and lost again within this many probe intervals
// is flapping (it opens but fails), and the probe keeps its back-off.
const flapWindow = 10

// startProbe starts the probe goroutine when a better device than the one in use is listed.
func (h *hot[D]) startProbe() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.probe || h.shut || h.rank == 0 || len(h.specs) == 0 {
		return
	}
	h.probe = true
	go h.probeLoop()
}

// probeLoop tries every wait to open the devices ranked above the one in use; the first that
// opens is handed over. It ends when the first choice is in use.
func (h *hot[D]) probeLoop() {
	h.mu.Lock()
	t := time.NewTimer(h.wait)
	h.mu.Unlock()
	defer t.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-t.C:
		}
		h.mu.Lock()
		specs, rank, busy := h.specs, h.rank, h.next != nil
		if rank == 0 || h.shut {
			h.probe = false
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
		found := busy
		for i := 0; !found && i < rank && i < len(specs); i++ {
			dev, err := h.open(specs[i])
			if err != nil {
				continue
			}
			found = true
			h.mu.Lock()
			if h.shut || h.next != nil || h.rank <= i {
				h.mu.Unlock()
				dev.Close()
				break
			}
			c := h.change(control.DeviceBack, specs[i], nil)
			c.Taken = specs[i]
			h.next = &handover[D]{dev: dev, spec: specs[i], rank: i, change: c}
			h.mu.Unlock()
		}
		h.mu.Lock()
		if !found { // nothing came back: wait twice as long (opening a missing PortAudio device initialises PortAudio)
			h.wait = min(2*h.wait, maxProbeBackoff*h.opts.ProbeInterval)
		}
		t.Reset(h.wait)
		h.mu.Unlock()
	}
}
