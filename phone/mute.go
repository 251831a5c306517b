package phone

import (
	"fmt"

	"softphone/phone/event"
)

// Mute directions, the seed's values.
const (
	muteBoth       = 0
	muteSpeaker    = 1
	muteMicrophone = 2
	muteBothAlias  = 3
)

// Mute mutes or unmutes the call on line (0: current). direction is the seed's: 0 both,
// 1 speaker (what we hear), 2 microphone (what the far end hears), 3 both.
func (p *Phone) Mute(line int, mute bool, direction int) error {
	if direction < muteBoth || direction > muteBothAlias {
		return fmt.Errorf("mute: direction %d is not 0 (both), 1 (speaker), 2 (microphone) or 3 (both)", direction)
	}
	if direction == muteBothAlias {
		direction = muteBoth
	}
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err != nil {
			return
		}
		if c.state == event.StateFinished || c.state == event.StateFinishing {
			err = fmt.Errorf("%w: line %d is %s", ErrWrongState, c.line, c.state)
			return
		}
		c.muted, c.muteDir = mute, direction
		if !mute {
			c.muteDir = muteBoth
		}
		p.applyMute(c)
		p.publishLine(c)
	}) {
		return ErrClosed
	}
	return err
}

// applyMute pushes a call's mute state into its line stream. Owner goroutine.
func (p *Phone) applyMute(c *call) {
	if c.ls == nil {
		return
	}
	mic := c.muted && (c.muteDir == muteBoth || c.muteDir == muteMicrophone)
	spk := c.muted && (c.muteDir == muteBoth || c.muteDir == muteSpeaker)
	c.ls.SetMute(mic, spk)
}
