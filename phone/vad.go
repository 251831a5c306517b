package phone

import (
	"time"

	"softphone/phone/control"
	"softphone/phone/media"
)

// watchVAD starts the seed's VAD notifications when vadstat is 3: every vadstat_ival the
// voice activity of the microphone and of the far ends' audio since the previous one, until
// no call is left. Called when a call's media starts. Owner goroutine.
func (p *Phone) watchVAD() {
	if p.vadOn || p.params.Int("vadstat") != 3 {
		return
	}
	p.vadOn = true
	if p.engine != nil {
		p.engine.VAD() // start the first interval now
	}
	ival := time.Duration(p.params.Int("vadstat_ival")) * time.Millisecond
	quit := p.quit
	go func() {
		t := time.NewTicker(ival)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
			}
			more := make(chan bool, 1)
			p.post(func() { more <- p.emitVAD() })
			select {
			case <-quit:
				return
			case ok := <-more:
				if !ok {
					return
				}
			}
		}
	}()
}

// emitVAD publishes one VAD notification and reports whether they go on: they stop once no
// call is left (or vadstat changed from 3). Owner goroutine.
func (p *Phone) emitVAD() bool {
	if len(p.lines) == 0 || p.params.Int("vadstat") != 3 {
		p.vadOn = false
		return false
	}
	var v control.VAD
	if p.engine != nil {
		local, remote := p.engine.VAD() // read either way: the next interval starts now
		if p.params.Int("vad") >= 2 {   // vad 0 or 1: no detection, both directions OFF
			v = control.VAD{Local: vadLevels(local), Remote: vadLevels(remote)}
		}
	}
	p.publish(control.Event{Kind: control.KindVAD, VAD: &v, Notification: v.VADLine()})
	return true
}

// vadLevels converts the engine's figures; a direction that measured no frame is OFF.
func vadLevels(l media.VADLevels) control.VADLevels {
	return control.VADLevels{On: l.Frames > 0, Avg: l.Avg, Max: l.Max, Speaking: l.Speaking}
}
