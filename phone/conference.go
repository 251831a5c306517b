package phone

import (
	"fmt"

	"softphone/phone/control"
)

// Conference mixes calls locally: with an empty number it merges every connected line into
// one conference (held ones are resumed); otherwise it calls number on a new line and joins
// it to the current call once connected. Each party hears everyone but itself.
func (p *Phone) Conference(number string) error {
	var err error
	if !p.run(func() { err = p.conference(number) }) {
		return ErrClosed
	}
	return err
}

// conference implements Conference. Owner goroutine.
func (p *Phone) conference(number string) error {
	var connected []*call
	for n := 1; n <= p.maxLines(); n++ {
		if c, ok := p.lines[n]; ok && !c.echo && (c.state == control.StateInCall || c.state == control.StateHold) {
			connected = append(connected, c)
		}
	}
	if number == "" {
		if len(connected) < 2 {
			return fmt.Errorf("%w: a conference needs at least two connected calls (%d now)", ErrWrongState, len(connected))
		}
		for _, c := range connected {
			c.conference = true
			if c.hold {
				if err := p.hold(c, false); err != nil {
					p.notice(control.KindError, "Line %d: could not resume for the conference: %v", c.line, err)
				}
			}
			p.publishLine(c)
		}
		p.syncAudio()
		return nil
	}
	cur, ok := p.lines[p.current]
	if !ok || (cur.state != control.StateInCall && cur.state != control.StateHold) || cur.echo {
		return fmt.Errorf("%w: no connected call to add %s to", ErrWrongState, number)
	}
	cur.conference = true
	if cur.hold {
		if err := p.hold(cur, false); err != nil {
			return err
		}
	}
	p.publishLine(cur)
	line, err := p.dial(number)
	if err != nil {
		cur.conference = false
		p.publishLine(cur)
		return err
	}
	p.lines[line].joinConf = true
	return nil
}

// leaveConference ends the conference flag when fewer than two parties remain. Owner goroutine.
func (p *Phone) leaveConference() {
	var members []*call
	for _, c := range p.lines {
		if c.conference {
			members = append(members, c)
		}
	}
	if len(members) == 1 {
		members[0].conference = false
		p.current = members[0].line
		p.publishLine(members[0])
		p.syncAudio()
	}
}

// nextCurrent picks the line to make current after the current call ended: a connected one
// first, then any, else line 1. Owner goroutine.
func (p *Phone) nextCurrent() int {
	best := 0
	for n := 1; n <= p.maxLines(); n++ {
		if c, ok := p.lines[n]; ok {
			if c.state == control.StateInCall {
				return n
			}
			if best == 0 {
				best = n
			}
		}
	}
	return max(best, 1)
}
