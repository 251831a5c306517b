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

// sendReinvite offers local to the far end and hands the outcome to reofferDone.
func (p *Phone) sendReinvite(c *call, local sdpneg.Local, at reofferAttempt) {
	offer, err := sdpneg.Offer(local)
	var res *sip.Response
	if err == nil {
		ctx, cancel := context.WithTimeout(p.ctx, reinviteTimeout)
		res, err = p.inDialog(ctx, c, sip.INVITE, "application/sdp", offer)
		cancel()
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no final answer from %s within %s", c.peer, reinviteTimeout)
		}
	}
	p.post(func() { p.reofferDone(c, local, at, res, err) })
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

// onReinvite answers an INVITE inside a call: hold/resume by the far end, codec or address
// change. The 2xx is retransmitted until its ACK arrives.
func (p *Phone) onReinvite(req *sip.Request, tx sip.ServerTransaction) {
	var res *sip.Response
	var ack chan struct{}
	var refused refusal
	p.withCall(req, tx, func(c *call) {
		if dlg := c.dialog(); dlg != nil {
			if err := dlg.ReadRequest(req, tx); err != nil {
				refused = refusal{code: 500, reason: "Server Internal Error (CSeq out of order)"}
				return
			}
		}
		answer, _, cr := p.answerInDialog(c, req)
		if answer == nil {
			refused = cr
			return
		}
		res = sip.NewSDPResponseFromRequest(req, answer)
		contact := p.sip.contact(p.params.Get("username"))
		res.AppendHeader(&contact)
		p.reinviteOffered(c, req)       // delayedoffer.go: without SDP, the ACK answers our offer
		p.sessionRefreshed(c, req, res) // sessiontimer.go
		ack = make(chan struct{})
		c.ackWait = ack
	})
	switch {
	case res != nil:
		respond2xxUntilAck(tx, res, ack, sip.IsReliable(req.Transport()))
		p.reinviteAcked(req)
	case refused.code != 0:
		p.respondRefusal(tx, req, refused)
	}
}

// onUpdate answers UPDATE inside a call (RFC 3311): with an offer it is negotiated like a
// re-INVITE, without one it just refreshes the session.
func (p *Phone) onUpdate(req *sip.Request, tx sip.ServerTransaction) {
	var res *sip.Response
	var refused refusal
	p.withCall(req, tx, func(c *call) {
		if len(req.Body()) == 0 {
			res = sip.NewResponseFromRequest(req, 200, "OK", nil)
			p.sessionRefreshed(c, req, res) // sessiontimer.go
			return
		}
		answer, _, cr := p.answerInDialog(c, req)
		if answer == nil {
			refused = cr
			return
		}
		res = sip.NewSDPResponseFromRequest(req, answer)
		p.sessionRefreshed(c, req, res)
	})
	switch {
	case res != nil:
		tx.Respond(res)
	case refused.code != 0:
		p.respondRefusal(tx, req, refused)
	}
}

// refusal is a status to refuse a request with.
type refusal struct {
	code     int
	reason   string
	warnCode int    // RFC 3261 20.43 Warning code, 0 for none
	warnText string // its text
}

// respondRefusal sends a refusal, with its Warning header when it has one.
func (p *Phone) respondRefusal(tx sip.ServerTransaction, req *sip.Request, r refusal) {
	res := sip.NewResponseFromRequest(req, r.code, r.reason, nil)
	if r.warnCode != 0 {
		res.AppendHeader(sip.NewHeader("Warning", fmt.Sprintf(`%d %s "%s"`, r.warnCode, p.sip.host, r.warnText)))
	}
	tx.Respond(res)
}

// answerInDialog negotiates a new offer received inside a call and applies it. It returns
// the SDP answer, or nil and the refusal. Owner goroutine.
func (p *Phone) answerInDialog(c *call, req *sip.Request) ([]byte, sdpneg.Result, refusal) {
	if c.session == nil || (c.state != control.StateInCall && c.state != control.StateHold) {
		return nil, sdpneg.Result{}, refusal{code: 491, reason: "Request Pending"}
	}
	if c.reinvite {
		p.notice(control.KindInfo, "Line %d: %s sent an offer (%s) while our re-INVITE is pending; answered 491 Request Pending", c.line, c.peer, req.Method)
		return nil, sdpneg.Result{}, refusal{code: 491, reason: "Request Pending"}
	}
	if len(req.Body()) == 0 {
		// An INVITE without offer: we offer in the 2xx and take the answer from the ACK; we
		// keep the media as it is.
		local := c.local0.Reoffer(c.wantDirection()) // keeps the session's profile and keys
		c.local0 = local
		offer, err := sdpneg.Offer(local)
		if err != nil {
			return nil, sdpneg.Result{}, refusal{code: 500, reason: "Server Internal Error"}
		}
		return offer, sdpneg.Result{}, refusal{}
	}
	dir := sdpneg.SendRecv
	if c.hold {
		dir = sdpneg.SendOnly
	}
	local := c.local0.Reoffer(dir)
	answer, res, err := sdpneg.Answer(req.Body(), local)
	if err != nil {
		// Refused: the session stays exactly as it was (keys, direction, line state). Under
		// srtp=2 an offer dropping SRTP lands here (302 Incompatible transport protocol).
		code, text := sdpneg.Warning(err)
		p.notice(control.KindError, "Line %d: refused a new offer from %s (488, warning %d): %v", c.line, c.peer, code, err)
		return nil, res, refusal{488, "Not Acceptable Here", code, text}
	}
	c.local0 = local
	if res.Hold != c.remoteHold {
		c.remoteHold = res.Hold
		if res.Hold {
			p.notice(control.KindInfo, "Line %d: %s put the call on hold", c.line, c.peer)
		} else {
			p.notice(control.KindInfo, "Line %d: %s resumed the call", c.line, c.peer)
		}
	}
	p.applyAnswer(c, res)
	return answer, res, refusal{}
}
