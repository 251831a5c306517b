package media

import "fmt"

// ringLoop plays the ring tone on the ring device while one is set.
func (e *Engine) ringLoop() {
	defer e.wg.Done()
	dev := e.cfg.Ring
	rs := NewResampler(InternalRate, dev.Rate())
	frame := make([]int16, FrameSamples)
	var out, fifo []int16
	n := samplesPerFrame(dev.Rate())
	failures := 0
	for {
		e.mu.Lock()
		ring := e.ring
		e.mu.Unlock()
		if ring == nil {
			fifo, failures = fifo[:0], 0
			rs.Reset()
			select { // idle until a ring tone is set
			case <-e.done:
				return
			case <-e.ringChanged:
				continue
			}
		}
		for len(fifo) < n {
			ring.ReadFrame(frame)
			scale(frame, percentToGain(e.volume[VolumeRing].Load()))
			out = rs.Process(out, frame)
			fifo = append(fifo, out...)
		}
		if err := dev.Write(fifo[:n]); err != nil {
			if e.closed() {
				return
			}
			if failures == 0 {
				e.reportError(fmt.Errorf("%w: ring: %w", ErrDevice, err))
			}
			failures++
			if !e.backoff(failures) {
				return
			}
			continue
		}
		failures = 0
		fifo = fifo[:copy(fifo, fifo[n:])]
	}
}
