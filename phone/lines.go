package phone

import (
	"fmt"

	"softphone/phone/control"
)

// audible reports whether a call has media that may be heard: connected or early media
// while ringing (or still Setup when changesptoring does not count its 183 as ringing), with
// an audio line and not held by us.
func (c *call) audible() bool {
	if c.ls == nil || c.hold {
		return false
	}
	return c.state == control.StateInCall || c.early && (c.state == control.StateRinging || c.state == control.StateSetup)
}

// syncAudio attaches to the audio engine exactly the calls that should be heard: the current
// line and every conference line, unless held. Owner goroutine.
func (p *Phone) syncAudio() {
	for _, c := range p.lines {
		want := c.audible() && (c.line == p.current || c.conference)
		switch {
		case want && !c.attached:
			p.ensureEngine(true)
			p.engine.Attach(lineKey(c.line), c.ls)
			c.attached = true
		case !want && c.attached:
			if p.engine != nil {
				p.engine.Detach(lineKey(c.line))
			}
			c.attached = false
		}
	}
}

// GetLine returns the current line number.
func (p *Phone) GetLine() int {
	line := 0
	if !p.run(func() { line = p.current }) {
		return 0
	}
	return line
}

// SetLine makes line the current one. With autohold, a connected call on the line left is
// put on hold and a held call on the new line is resumed.
func (p *Phone) SetLine(line int) error {
	var err error
	if !p.run(func() { err = p.setLine(line) }) {
		return ErrClosed
	}
	return err
}

// setLine switches lines. Owner goroutine.
func (p *Phone) setLine(line int) error {
	if line < 1 || line > p.maxLines() {
		return fmt.Errorf("%w: line %d does not exist (lines 1-%d)", ErrNoLine, line, p.maxLines())
	}
	if line == p.current {
		return nil
	}
	prev, hadPrev := p.lines[p.current]
	p.current = line
	if p.params.Bool("autohold") {
		if hadPrev && !prev.conference && prev.state == control.StateInCall && !prev.hold {
			if err := p.hold(prev, true); err != nil {
				p.notice(control.KindError, "Line %d: could not hold: %v", prev.line, err)
			}
		}
		if next, ok := p.lines[line]; ok && next.hold {
			if err := p.hold(next, false); err != nil {
				p.notice(control.KindError, "Line %d: could not resume: %v", next.line, err)
			}
		}
	}
	p.syncAudio()
	p.refreshStatus()
	p.publishLine0()
	return nil
}

// publishLine0 publishes the general status so subscribers see the current line change.
func (p *Phone) publishLine0() {
	p.publish(control.Event{Kind: control.KindInfo, Message: fmt.Sprintf("current line %d", p.current),
		Notification: fmt.Sprintf("LINE,%d", p.current)})
}
