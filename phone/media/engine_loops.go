package media

import (
	"fmt"
	"time"

	"softphone/phone/audio"
)

// captureState belongs to the capture clock.
type captureState struct {
	rs    *Resampler
	dev   []int16 // one device frame
	out   []int16 // resampler output
	fifo  []int16 // samples at InternalRate
	mic   []int16
	total []int32
	snap  []*attached
	// changes is deviceChanges when the capture clock last looked.
	changes uint64
}

// deviceChanges counts the devices the input and output took over after their first (see
// audio.DeviceChanger); 0 for plain devices.
func (e *Engine) deviceChanges() uint64 {
	var n uint64
	for _, d := range []any{e.cfg.Input, e.cfg.Output} {
		if c, ok := d.(audio.DeviceChanger); ok {
			n += c.DeviceChanges()
		}
	}
	return n
}

func (c *captureState) init(in audio.Input) {
	rate := InternalRate
	if in != nil {
		rate = in.Rate()
	}
	c.rs = NewResampler(rate, InternalRate)
	c.dev = make([]int16, samplesPerFrame(rate))
	c.out = make([]int16, 0, 2*FrameSamples)
	c.fifo = make([]int16, 0, 4*FrameSamples)
	c.mic = make([]int16, FrameSamples)
	c.total = make([]int32, FrameSamples)
}

// playState belongs to the playback clock.
type playState struct {
	rs   *Resampler
	acc  []int32
	mix  []int16
	tmp  []int16
	out  []int16 // resampler output
	fifo []int16 // samples at the device rate
	dev  int     // device frame size
	snap []*attached

	silence []int16 // mic input when there is no capture device
}

func (p *playState) init(out audio.Output) {
	rate := InternalRate
	if out != nil {
		rate = out.Rate()
	}
	p.rs = NewResampler(InternalRate, rate)
	p.dev = samplesPerFrame(rate)
	p.acc = make([]int32, FrameSamples)
	p.mix = make([]int16, FrameSamples)
	p.tmp = make([]int16, FrameSamples)
	p.silence = make([]int16, FrameSamples)
	p.out = make([]int16, 0, 2*p.dev+8)
	p.fifo = make([]int16, 0, 4*p.dev+8)
}

// backoff waits after a device error; it returns false when the engine closes.
func (e *Engine) backoff(failures int) bool {
	d := min(FrameDuration<<min(failures, 6), time.Second)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-e.done:
		return false
	case <-t.C:
		return true
	}
}

// captureLoop is paced by Input.Read; with drivePlayback it also pulls the
// streams' playback frames (there is no output clock).
func (e *Engine) captureLoop(drivePlayback bool) {
	defer e.wg.Done()
	c := &e.cap
	failures := 0
	for !e.closed() {
		if err := e.cfg.Input.Read(c.dev); err != nil {
			if e.closed() {
				return
			}
			if failures == 0 {
				e.reportError(fmt.Errorf("%w: capture: %w", ErrDevice, err))
			}
			failures++
			if !e.backoff(failures) {
				return
			}
			continue
		}
		failures = 0
		if n := e.deviceChanges(); n != c.changes {
			c.changes = n
			e.voice.restart() // a new device: its echo is not where the old one's was
		}
		c.out = c.rs.Process(c.out, c.dev)
		c.fifo = append(c.fifo, c.out...)
		for len(c.fifo) >= FrameSamples {
			if drivePlayback {
				e.mixPlayback()
			}
			e.captureFrame(c.fifo[:FrameSamples])
			c.fifo = c.fifo[:copy(c.fifo, c.fifo[FrameSamples:])]
		}
	}
}

// captureFrame runs the voice processing stage, applies mic gain/mute and sends each attached stream the mic
// plus every other stream's audio (mix-minus).
func (e *Engine) captureFrame(in []int16) {
	c := &e.cap
	copy(c.mic, in)
	e.voice.process(c.mic)
	if e.micMute.Load() {
		clear(c.mic)
	} else {
		scale(c.mic, percentToGain(e.volume[VolumeMic].Load()))
	}
	e.micLevel.update(c.mic)
	vadUpdate(&e.micVAD, c.mic)
	c.snap, _, _ = e.snapshot(c.snap)
	clear(c.total)
	for _, a := range c.snap {
		a.fifo.pop(a.heard)
		addTo(c.total, a.heard)
	}
	addTo(c.total, c.mic)
	for _, a := range c.snap {
		mixMinus(a.send, c.total, a.heard)
		if err := a.s.WriteFrame(a.send); err != nil {
			e.log.Debug("stream write", "id", a.id, "err", err)
		}
	}
	clear(c.snap) // drop references to detached streams
}

// mixPlayback reads every stream and the tone into play.mix (speaker gain and
// mute applied) and queues each stream's frame for mix-minus.
func (e *Engine) mixPlayback() {
	p := &e.play
	var tone, ring Stream
	p.snap, tone, ring = e.snapshot(p.snap)
	clear(p.acc)
	for _, a := range p.snap {
		a.s.ReadFrame(a.played)
		a.fifo.push(a.played)
		addTo(p.acc, a.played)
	}
	vadUpdate(&e.spkVAD, p.acc)
	if tone != nil {
		tone.ReadFrame(p.tmp)
		addTo(p.acc, p.tmp)
	}
	if ring != nil && e.cfg.Ring == nil {
		ring.ReadFrame(p.tmp)
		scale(p.tmp, percentToGain(e.volume[VolumeRing].Load()))
		addTo(p.acc, p.tmp)
	}
	gain := percentToGain(e.volume[VolumeSpeaker].Load())
	if e.spkMute.Load() {
		gain = 0
	}
	saturate(p.mix, p.acc, gain)
	e.voice.played(p.mix)
	e.spkLevel.update(p.mix)
	clear(p.snap)
}

// playbackLoop is paced by Output.Write; with driveCapture it also feeds the
// streams silence plus mix-minus (there is no input clock).
func (e *Engine) playbackLoop(driveCapture bool) {
	defer e.wg.Done()
	p := &e.play
	failures := 0
	for !e.closed() {
		for len(p.fifo) < p.dev {
			e.mixPlayback()
			if driveCapture {
				e.captureFrame(p.silence)
			}
			p.out = p.rs.Process(p.out, p.mix)
			p.fifo = append(p.fifo, p.out...)
		}
		if err := e.cfg.Output.Write(p.fifo[:p.dev]); err != nil {
			if e.closed() {
				return
			}
			if failures == 0 {
				e.reportError(fmt.Errorf("%w: playback: %w", ErrDevice, err))
			}
			failures++
			if !e.backoff(failures) {
				return
			}
			continue
		}
		failures = 0
		p.fifo = p.fifo[:copy(p.fifo, p.fifo[p.dev:])]
	}
}

// timerLoop drives both directions from a timer when there are no devices.
func (e *Engine) timerLoop() {
	defer e.wg.Done()
	t := time.NewTicker(FrameDuration)
	defer t.Stop()
	silence := make([]int16, FrameSamples)
	for {
		select {
		case <-e.done:
			return
		case <-t.C:
			e.mixPlayback()
			e.captureFrame(silence)
		}
	}
}
