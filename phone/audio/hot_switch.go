package audio

import "softphone/phone/control"

// Switch makes specs the ranked list and moves to its first device that opens (or null),
// without interrupting the stream: the device is opened here and taken over at the next
// frame. A device already in use is kept. announce reports the device chosen (failures are
// always reported).
func (h *hot[D]) Switch(specs []string, announce bool) {
	specs = append([]string(nil), specs...)
	h.mu.Lock()
	if h.shut {
		h.mu.Unlock()
		return
	}
	h.specs = specs
	h.wait = h.opts.ProbeInterval // a user's choice: look for better devices soon again
	inUse := h.spec
	h.mu.Unlock()
	var failed []control.DeviceChange
	n := &handover[D]{rank: len(specs)}
	for i, spec := range specs {
		if sameSpec(spec, inUse) {
			n.keep, n.rank, n.spec = true, i, inUse
			break
		}
		dev, err := h.open(spec)
		if err == nil {
			n.dev, n.spec, n.rank = dev, spec, i
			break
		}
		failed = append(failed, h.change(control.DeviceFailed, spec, err))
	}
	if n.spec == "" {
		if sameSpec(inUse, NullDriverName) {
			n.keep, n.spec = true, inUse
		} else {
			n.dev, n.spec = h.null(h.rate), NullDriverName
		}
	}
	n.change = h.change(control.DeviceSelected, n.spec, nil)
	n.change.Taken = n.spec
	h.mu.Lock()
	if h.shut {
		h.mu.Unlock()
		if !n.keep {
			n.dev.Close()
		}
		return
	}
	if old := h.next; old != nil && !old.keep {
		old.dev.Close()
	}
	n.announced = true // now or never, not at the hand-over: an idle ring device takes it at the next ring
	h.next = n
	h.mu.Unlock()
	for _, f := range failed {
		f.Taken = n.spec
		h.emit(f)
	}
	if !n.keep && announce {
		h.emit(n.change)
	}
}

// InUse returns the spec of the device in use ("null" for none) and the ranked list.
func (h *hot[D]) InUse() (string, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.next != nil {
		return h.next.spec, append([]string(nil), h.specs...)
	}
	return h.spec, append([]string(nil), h.specs...)
}
