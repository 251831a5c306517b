package phone

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// reinviteTimeout bounds one re-INVITE transaction.
const reinviteTimeout = 10 * time.Second

// Hold puts the call on line (0: current) on hold (re-INVITE with a=sendonly, or inactive when
// the far end holds us too) or resumes it (a=sendrecv).
func (p *Phone) Hold(line int, hold bool) error {
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err == nil {
			err = p.hold(c, hold)
		}
	}) {
		return ErrClosed
	}
	return err
}

// hold changes a call's hold state and offers it to the far end. Owner goroutine.
func (p *Phone) hold(c *call, hold bool) error {
	if c.echo {
		return fmt.Errorf("%w: the echo test cannot be held", ErrWrongState)
	}
	if c.state != control.StateInCall && c.state != control.StateHold {
		return fmt.Errorf("%w: line %d is %s; only a connected call can be held", ErrWrongState, c.line, c.state)
	}
	if c.reinvite || c.ro.waiting {
		// Our previous re-INVITE is still out: apply this once it completes.
		c.holdNext = &hold
		return nil
	}
	if c.hold == hold {
		return nil
	}
	at := reofferAttempt{what: map[bool]string{true: "hold", false: "resume"}[hold], prevHold: c.hold, prevDir: c.local0.Direction}
	c.hold = hold
	if hold {
		p.applyDirection(c, c.ro.dir) // nothing from us while held, at once
		p.setState(c, control.StateHold)
	} else {
		p.setState(c, control.StateInCall) // media resumes with the answer
	}
	p.startReoffer(c, at)
	return nil
}

// wantDirection is the SDP direction we ask for given both hold states.
func (c *call) wantDirection() sdpneg.Direction {
	switch {
	case c.hold && c.remoteHold:
		return sdpneg.Inactive
	case c.hold:
		return sdpneg.SendOnly
	case c.remoteHold:
		return sdpneg.RecvOnly
	}
	return sdpneg.SendRecv
}

// sendReinvite offers local to the far end in c's dialog dlg and hands the outcome to
// reofferDone.
func (p *Phone) sendReinvite(c *call, dlg dialogRef, local sdpneg.Local, at reofferAttempt) {
	offer, err := sdpneg.Offer(local)
	var res *sip.Response
	if err == nil {
		ctx, cancel := context.WithTimeout(p.ctx, reinviteTimeout)
		res, err = p.inDialog(ctx, dlg, sip.INVITE, "application/sdp", offer)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no final answer from %s within %s", c.peer, reinviteTimeout)
		}
	}
	p.post(func() { p.reofferDone(c, local, at, res, err) })
}

// noteRemoteHold records whether the far end's latest offer or answer holds the call and,
// when that changed, tells the user it put the call on hold or resumed it. Owner goroutine.
func (p *Phone) noteRemoteHold(c *call, hold bool) {
	if hold == c.remoteHold {
		return
	}
	c.remoteHold = hold
	if hold {
		p.notice(control.KindInfo, "Line %d: %s put the call on hold", c.line, c.peer)
	} else {
		p.notice(control.KindInfo, "Line %d: %s resumed the call", c.line, c.peer)
	}
}

// applyAnswer applies negotiated media (from a re-INVITE or UPDATE) to a call. Owner goroutine.
func (p *Phone) applyAnswer(c *call, res sdpneg.Result) {
	if c.session == nil {
		return
	}
	if codec, ok := p.negotiated(res); ok && res.Remote != nil {
		if err := p.applySRTP(c, res); err != nil {
			p.log.Warn("rekeying SRTP", "line", c.line, "error", err)
		}
		if err := c.session.Start(codec, res.Format.PT, res.DTMFPT, res.Remote); err != nil {
			p.log.Warn("restarting RTP", "line", c.line, "error", err)
		}
		if err := p.startDTLS(c, res); err != nil {
			p.log.Warn("starting DTLS-SRTP", "line", c.line, "error", err)
		}
		c.codec = codec.Name()
	}
	was := c.encrypted
	p.applyDirection(c, res.LocalDirection)
	p.syncAudio()
	if was && !c.encrypted {
		p.notice(control.KindError, "Line %d: the call with %s is no longer encrypted", c.line, c.peer)
	}
	p.publishLine(c)
}
