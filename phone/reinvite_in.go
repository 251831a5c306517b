package phone

import (
	"fmt"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// Answering the re-INVITEs and UPDATEs the far end sends inside a call (hold and resume by
// the far end, codec or address changes, session refreshes); our own re-INVITEs are in
// hold.go and reoffer.go.

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
		if res, refused = p.answerOffer(c, req); res == nil {
			return
		}
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
		if res, refused = p.answerOffer(c, req); res != nil {
			p.sessionRefreshed(c, req, res)
		}
	})
	switch {
	case res != nil:
		tx.Respond(res)
	case refused.code != 0:
		p.respondRefusal(tx, req, refused)
	}
}

// answerOffer answers the offer in a re-INVITE or UPDATE: a 2xx carrying our SDP answer, or
// nil and the refusal. Owner goroutine.
func (p *Phone) answerOffer(c *call, req *sip.Request) (*sip.Response, refusal) {
	answer, _, refused := p.answerInDialog(c, req)
	if answer == nil {
		return nil, refused
	}
	return sip.NewSDPResponseFromRequest(req, answer), refusal{}
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
		c.sdp.note(offer, nil)
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
	c.sdp.note(answer, req.Body())
	p.noteRemoteHold(c, res.Hold)
	p.applyAnswer(c, res)
	return answer, res, refusal{}
}
