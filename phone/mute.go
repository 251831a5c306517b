package phone

import (
	"fmt"

	"softphone/phone/control"
)

// muteBothAlias is the seed's second code for both directions; Mute takes it as
// control.MuteBoth.
const muteBothAlias control.MuteDirection = 3

// Mute mutes or unmutes the call on line (0: current). direction is the seed's: 0 both,
// 1 speaker (what we hear), 2 microphone (what the far end hears), 3 both.
func (p *Phone) Mute(line int, mute bool, direction control.MuteDirection) error {
	if direction < control.MuteBoth || direction > muteBothAlias {
		return fmt.Errorf("mute: direction %d is not 0 (both), 1 (speaker), 2 (microphone) or 3 (both)", direction)
	}
	if direction == muteBothAlias {
		direction = control.MuteBoth
	}
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err != nil {
			return
		}
		if c.ending() {
			err = fmt.Errorf("%w: line %d is %s", ErrWrongState, c.line, c.state)
			return
		}
		c.muted, c.muteDir = mute, direction
		if !mute {
			c.muteDir = control.MuteBoth
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
	mic := c.muted && (c.muteDir == control.MuteBoth || c.muteDir == control.MuteMicrophone)
	spk := c.muted && (c.muteDir == control.MuteBoth || c.muteDir == control.MuteSpeaker)
	c.ls.SetMute(mic, spk)
}
