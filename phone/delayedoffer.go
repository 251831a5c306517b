package phone

import (
	"context"
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// invState is a call's INVITE-transaction state beyond plain offer/answer: a delayed offer
// (the far end's INVITE or re-INVITE had no SDP), reliable provisional responses (prack.go)
// and the session timer (sessiontimer.go). Owner goroutine.
type invState struct {
	delayed   bool          // the INVITE had no offer: ours goes out in a reliable 18x or the 200
	offer     []byte        // that offer
	accepted  bool          // the user (or auto-answer) accepted the call
	answered  bool          // the answer to it came in a PRACK (answer holds it)
	answer    sdpneg.Result // that answer, negotiated
	ackSDP    []byte        // the body of the latest ACK for a 2xx of ours
	ackSeen   bool          // an ACK arrived since the 2xx was sent
	reoffer   bool          // we offered in our 2xx to a re-INVITE without SDP; the ACK answers
	rseq      uint32        // RSeq of our latest reliable provisional response (0: none yet)
	prackWait chan []byte   // receives the PRACK body of the outstanding reliable response
	st        *sessionTimer // the running session timer, nil when none
	stOffer   stNegotiation // the session timer agreed in the INVITE transaction, applied once connected
	peerAllow string        // the far end's Allow (for UPDATE refreshes)
}

// prepareDelayedOffer opens the RTP session for an incoming INVITE without SDP and builds
// our offer, which goes into the reliable 18x or the 200 (RFC 3261 13.2.1, RFC 3264 section
// 4). Owner goroutine.
func (p *Phone) prepareDelayedOffer(c *call) error {
	sess, agent, local, err := p.newSession(p.sip.host, p.iceOffers())
	if err != nil {
		return err
	}
	offer, err := sdpneg.Offer(local)
	if err != nil {
		sess.Close()
		return fmt.Errorf("cannot build our SDP offer: %w", err)
	}
	c.session, c.ice, c.iceControlling, c.local0 = sess, agent, true, local
	c.inv.delayed, c.inv.offer = true, offer
	return nil
}

// acceptDelayed answers a ringing call whose INVITE had no offer: the 200 carries our offer
// unless a PRACK already answered it; media starts once the answer is in. Owner goroutine.
func (p *Phone) acceptDelayed(c *call) error {
	if c.inv.accepted {
		return fmt.Errorf("%w: line %d is already being answered", ErrWrongState, c.line)
	}
	c.inv.accepted = true
	offer := c.inv.offer
	if c.inv.answered {
		offer = nil // offer/answer completed in the reliable 18x and its PRACK
	}
	p.current = c.line
	p.answerDecision(c, decision{accept: true, answer: offer})
	p.updateTones()
	return nil
}

// takePrackAnswer negotiates the answer a PRACK carried to the offer in our reliable 18x.
// Owner goroutine.
func (p *Phone) takePrackAnswer(c *call, body []byte) error {
	if len(body) == 0 {
		return nil // answered later, in the ACK
	}
	res, err := sdpneg.ParseAnswer(c.local0, body)
	if err != nil {
		return err
	}
	c.inv.answered, c.inv.answer = true, res
	return nil
}

// startDelayedMedia starts media for an answered call whose INVITE had no offer, from the
// answer in the PRACK or else the ACK. Owner goroutine.
func (p *Phone) startDelayedMedia(c *call) error {
	res := c.inv.answer
	if !c.inv.answered {
		if len(c.inv.ackSDP) == 0 {
			return fmt.Errorf("%w: the ACK carried no SDP answer to our offer", sdpneg.ErrMalformed)
		}
		var err error
		if res, err = sdpneg.ParseAnswer(c.local0, c.inv.ackSDP); err != nil {
			return err
		}
	}
	return p.startMedia(c, res)
}

// noteAck records the body of an ACK for a 2xx of ours (the answer to an offer we put in
// the 2xx). Called by the ACK handler before the dialog sees the ACK. Owner goroutine.
func (p *Phone) noteAck(c *call, req *sip.Request) {
	c.inv.ackSDP = req.Body()
	c.inv.ackSeen = true
}

// reinviteOffered marks that our 2xx to a re-INVITE without SDP carries our offer, so the
// ACK's answer is applied by reinviteAcked. Owner goroutine.
func (p *Phone) reinviteOffered(c *call, req *sip.Request) {
	c.inv.ackSDP, c.inv.ackSeen = nil, false
	c.inv.reoffer = len(req.Body()) == 0
}

// reinviteAcked applies the answer in the ACK to our offer in the 2xx to a re-INVITE
// without SDP (RFC 3261 14.2). A missing ACK or one whose SDP does not answer our offer
// ends the call with BYE and a Reason. Signalling goroutine.
func (p *Phone) reinviteAcked(req *sip.Request) {
	id := req.CallID().Value()
	p.post(func() {
		c := p.callByID(id)
		if c == nil || !c.inv.reoffer {
			return
		}
		c.inv.reoffer = false
		if c.state != control.StateInCall && c.state != control.StateHold {
			return
		}
		if !c.inv.ackSeen {
			p.notice(control.KindError, "Line %d: no ACK from %s for our offer in the 200 to its re-INVITE; ending the call", c.line, c.peer)
			p.byeWithReason(c, "no ACK for our 2xx to the re-INVITE", 408, "no ACK answering our offer")
			return
		}
		res, err := sdpneg.ParseAnswer(c.local0, c.inv.ackSDP)
		if err != nil {
			p.badAckAnswer(c, err)
			return
		}
		p.noteRemoteHold(c, res.Hold)
		p.applyAnswer(c, res)
	})
}

// badAckAnswer ends a call whose ACK did not answer our offer (no common codec, bad SDP, no
// SDP): an error event naming it and BYE with a Reason (RFC 3326). Owner goroutine.
func (p *Phone) badAckAnswer(c *call, err error) {
	code, text := sdpneg.Warning(err)
	p.notice(control.KindError, "Line %d: the ACK from %s does not answer our offer (%v); ending the call with BYE", c.line, c.peer, err)
	p.byeWithReason(c, "the ACK did not answer our SDP offer: "+err.Error(), 488, fmt.Sprintf("%d %s", code, text))
}

// byeWithReason ends a confirmed call with a BYE carrying Reason: SIP;cause=N;text="..."
// (RFC 3326), for endings the far end should be told about (a bad answer in the ACK, an
// expired session timer). The line goes Finishing, then Finished once the BYE is answered.
// Owner goroutine.
func (p *Phone) byeWithReason(c *call, reason string, cause int, text string) {
	if c.ending() {
		return
	}
	c.reason, c.disparty = reason, 3
	p.setState(c, control.StateFinishing)
	p.stopMedia(c)
	d, bye, err := c.newBye(p.byeHeaders(
		sip.NewHeader("Reason", fmt.Sprintf(`SIP ;cause=%d ;text="%s"`, cause, strings.ReplaceAll(text, `"`, "'"))))...)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), byeTimeout)
		defer cancel()
		if err == nil {
			err = writeBye(ctx, d, bye)
		}
		if err != nil {
			p.log.Warn("BYE failed", "line", c.line, "error", err)
		}
		p.post(func() { p.finish(c, c.reason, c.disparty) })
	}()
}
