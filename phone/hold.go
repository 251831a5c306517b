package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/event"
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
	if c.state != event.StateInCall && c.state != event.StateHold {
		return fmt.Errorf("%w: line %d is %s; only a connected call can be held", ErrWrongState, c.line, c.state)
	}
	if c.reinvite {
		// Our previous re-INVITE is still out: apply this once it completes.
		c.holdNext = &hold
		return nil
	}
	if c.hold == hold {
		return nil
	}
	c.hold = hold
	local := c.local0
	local.Version++
	local.Direction = c.wantDirection()
	c.local0 = local
	if hold {
		c.session.SetDirection(false, false) // nothing from us while held
		p.setState(c, event.StateHold)
	} else {
		p.setState(c, event.StateInCall)
	}
	c.reinvite = true
	go p.sendReinvite(c, local)
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

// sendReinvite offers local to the far end and applies the answer.
func (p *Phone) sendReinvite(c *call, local sdpneg.Local) {
	offer, err := sdpneg.Offer(local)
	var res *sip.Response
	if err == nil {
		ctx, cancel := context.WithTimeout(p.ctx, reinviteTimeout)
		res, err = p.inDialog(ctx, c, sip.INVITE, "application/sdp", offer)
		cancel()
	}
	p.post(func() {
		c.reinvite = false
		if c.state == event.StateFinished || c.state == event.StateFinishing {
			return
		}
		if next := c.holdNext; next != nil {
			c.holdNext = nil
			defer func() {
				if err := p.hold(c, *next); err != nil {
					p.notice(event.KindError, "Line %d: %v", c.line, err)
				}
			}()
		}
		if err == nil && !res.IsSuccess() {
			err = fmt.Errorf("the far end answered %d %s", res.StatusCode, res.Reason)
		}
		var ans sdpneg.Result
		if err == nil {
			ans, err = sdpneg.ParseAnswer(local, res.Body())
		}
		if err != nil {
			p.notice(event.KindError, "Line %d: %s failed: %v", c.line, map[bool]string{true: "hold", false: "resume"}[c.hold], err)
			if !c.hold { // resuming failed: the call stays held
				c.hold = true
				p.setState(c, event.StateHold)
			}
			return
		}
		p.applyAnswer(c, ans)
	})
}

// applyAnswer applies negotiated media (from a re-INVITE or UPDATE) to a call. Owner goroutine.
func (p *Phone) applyAnswer(c *call, res sdpneg.Result) {
	if c.session == nil {
		return
	}
	if codec, ok := p.codecs.Lookup(res.Format.Name, res.Format.Rate); ok && res.Remote != nil {
		if err := p.applySRTP(c, res); err != nil {
			p.log.Warn("rekeying SRTP", "line", c.line, "error", err)
		}
		if err := c.session.Start(codec, res.Format.PT, res.DTMFPT, res.Remote); err != nil {
			p.log.Warn("restarting RTP", "line", c.line, "error", err)
		}
		c.codec = codec.Name()
	}
	send := res.LocalDirection.Sends() && !c.hold
	recv := res.LocalDirection.Receives() && !c.hold
	c.session.SetDirection(send, recv)
	p.syncAudio()
	p.publishLine(c)
}

// onReinvite answers an INVITE inside a call: hold/resume by the far end, codec or address
// change. The 2xx is retransmitted until its ACK arrives.
func (p *Phone) onReinvite(req *sip.Request, tx sip.ServerTransaction) {
	var res *sip.Response
	var ack chan struct{}
	code, reason := 0, ""
	p.withCall(req, tx, func(c *call) {
		if dlg := c.dialog(); dlg != nil {
			if err := dlg.ReadRequest(req, tx); err != nil {
				code, reason = 500, "Server Internal Error (CSeq out of order)"
				return
			}
		}
		answer, r, cr := p.answerInDialog(c, req)
		if answer == nil {
			code, reason = cr.code, cr.reason
			return
		}
		_ = r
		res = sip.NewSDPResponseFromRequest(req, answer)
		contact := p.sip.contact(p.params.Get("username"))
		res.AppendHeader(&contact)
		ack = make(chan struct{})
		c.ackWait = ack
	})
	switch {
	case res != nil:
		respond2xxUntilAck(tx, res, ack, sip.IsReliable(req.Transport()))
	case code != 0:
		respond(tx, req, code, reason)
	}
}

// onUpdate answers UPDATE inside a call (RFC 3311): with an offer it is negotiated like a
// re-INVITE, without one it just refreshes the session.
func (p *Phone) onUpdate(req *sip.Request, tx sip.ServerTransaction) {
	var res *sip.Response
	code, reason := 0, ""
	p.withCall(req, tx, func(c *call) {
		if len(req.Body()) == 0 {
			res = sip.NewResponseFromRequest(req, 200, "OK", nil)
			return
		}
		answer, _, cr := p.answerInDialog(c, req)
		if answer == nil {
			code, reason = cr.code, cr.reason
			return
		}
		res = sip.NewSDPResponseFromRequest(req, answer)
	})
	switch {
	case res != nil:
		tx.Respond(res)
	case code != 0:
		respond(tx, req, code, reason)
	}
}

// refusal is a status to refuse a request with.
type refusal struct {
	code   int
	reason string
}

// answerInDialog negotiates a new offer received inside a call and applies it. It returns
// the SDP answer, or nil and the refusal. Owner goroutine.
func (p *Phone) answerInDialog(c *call, req *sip.Request) ([]byte, sdpneg.Result, refusal) {
	if c.session == nil || (c.state != event.StateInCall && c.state != event.StateHold) {
		return nil, sdpneg.Result{}, refusal{491, "Request Pending"}
	}
	if c.reinvite {
		return nil, sdpneg.Result{}, refusal{491, "Request Pending"}
	}
	if len(req.Body()) == 0 {
		// An INVITE without offer: we offer in the 2xx and take the answer from the ACK; we
		// keep the media as it is.
		local := c.local0
		local.Version++
		local.Direction = c.wantDirection()
		c.local0 = local
		offer, err := sdpneg.Offer(local)
		if err != nil {
			return nil, sdpneg.Result{}, refusal{500, "Server Internal Error"}
		}
		return offer, sdpneg.Result{}, refusal{}
	}
	local := c.local0
	local.Version++
	local.Direction = sdpneg.SendRecv
	if c.hold {
		local.Direction = sdpneg.SendOnly
	}
	answer, res, err := sdpneg.Answer(req.Body(), local)
	if err != nil {
		return nil, res, refusal{488, "Not Acceptable Here"}
	}
	c.local0 = local
	if res.Hold != c.remoteHold {
		c.remoteHold = res.Hold
		if res.Hold {
			p.notice(event.KindInfo, "Line %d: %s put the call on hold", c.line, c.peer)
		} else {
			p.notice(event.KindInfo, "Line %d: %s resumed the call", c.line, c.peer)
		}
	}
	p.applyAnswer(c, res)
	return answer, res, refusal{}
}
