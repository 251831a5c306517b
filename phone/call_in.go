package phone

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
	"softphone/phone/sipbody"
)

// onInvite handles a new incoming INVITE. sipgo ends the transaction when a handler returns,
// so this goroutine stays with the call until it is answered, rejected or cancelled.
func (p *Phone) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	if to := req.To(); to != nil && to.Params.Has("tag") {
		if p.refuseSmallInterval(req, tx) {
			return
		}
		p.onReinvite(req, tx)
		return
	}
	if code, why := p.screenRequest(req); code != 0 {
		respond(tx, req, code, why)
		return
	}
	if p.refuseExtensions(req, tx) || p.refuseSmallInterval(req, tx) {
		return
	}
	st, _ := p.uasSessionTimer(req)
	dlg, err := p.sip.dialogUA().ReadInvite(req, tx)
	if err != nil {
		respond(tx, req, 400, "Bad Request: "+err.Error())
		return
	}
	var c *call
	var code int
	var reason string
	var hdrs []sip.Header
	if !p.run(func() { c, code, reason, hdrs = p.incoming(req, dlg) }) {
		respond(tx, req, 503, "Service Unavailable")
		return
	}
	if c == nil {
		dlg.Respond(code, reason, nil, hdrs...)
		return
	}
	if p.uasReliable(req) {
		// RFC 3262: a reliable 180; with a delayed offer it carries our offer (section 5)
		// and the PRACK may answer it.
		var offer []byte
		if c.inv.delayed {
			offer = c.inv.offer
		}
		answer, err := p.sendReliable(c, dlg, 180, "Ringing", offer)
		if errors.Is(err, errNoPrack) {
			dlg.Respond(504, "Server Time-out (no PRACK for our reliable 180)", nil)
			p.post(func() {
				p.notice(control.KindError, "Line %d: no PRACK from %s for our reliable 180 within %s; refused 504", c.line, c.peer, 64*sip.T1)
				p.finish(c, "no PRACK for our reliable 180", 3)
			})
			return
		}
		if err != nil {
			p.post(func() { p.finish(c, "cancelled by the caller", 2) })
			return
		}
		var bad error
		p.run(func() {
			if c.inv.delayed {
				bad = p.takePrackAnswer(c, answer)
			}
		})
		if bad != nil {
			code, text := sdpneg.Warning(bad)
			dlg.Respond(488, "Not Acceptable Here", nil, sip.NewHeader("Warning", fmt.Sprintf(`%d %s "%s"`, code, p.sip.host, text)))
			p.post(func() {
				p.notice(control.KindError, "Line %d: the PRACK from %s does not answer our offer (%v); refused 488", c.line, c.peer, bad)
				p.finish(c, "the PRACK did not answer our SDP offer: "+bad.Error(), 3)
			})
			return
		}
	} else if err := dlg.Respond(180, "Ringing", nil); err != nil {
		p.post(func() { p.finish(c, "caller went away: "+err.Error(), 2) })
		return
	}
	var ringTimeout <-chan time.Time
	if secs := p.params.Int("ringtimeout"); secs > 0 {
		t := time.NewTimer(time.Duration(secs) * time.Second)
		defer t.Stop()
		ringTimeout = t.C
	}
	select {
	case d := <-c.decision:
		if !d.accept {
			// The line is free at once; the response then waits (up to Timer H) for the ACK.
			p.post(func() { p.finish(c, c.reason, c.disparty) })
			dlg.Respond(d.code, d.reason, nil, d.headers...)
			return
		}
		body := d.answer
		if c.inv.delayed {
			p.run(func() {
				if c.inv.answered {
					body = nil // the PRACK answered the offer in our reliable 180: no SDP now
				}
			})
		}
		err := dlg.WriteResponse(p.inviteOK(dlg.InviteRequest, body, st))
		p.post(func() {
			p.onAccepted(c, err)
			if c.state == control.StateInCall {
				c.inv.peerAllow = allowOf(req)
				p.startSessionTimer(c, st)
			}
		})
	case <-dlg.Context().Done():
		p.post(func() { p.finish(c, "cancelled by the caller", 2) })
	case <-ringTimeout:
		p.post(func() { p.finish(c, "no answer (ring timeout)", 1) })
		dlg.Respond(480, "Temporarily Unavailable", nil)
	}
}

// inviteOK builds our 200 to an INVITE: the SDP (our answer, or our offer when the INVITE
// had none; none when the offer/answer completed in a reliable 18x and its PRACK), Allow,
// Supported and the session timer's Session-Expires (RFC 4028 section 9).
func (p *Phone) inviteOK(invite *sip.Request, body []byte, st stNegotiation) *sip.Response {
	var res *sip.Response
	if body != nil {
		res = sip.NewSDPResponseFromRequest(invite, body)
	} else {
		res = sip.NewResponseFromRequest(invite, 200, "OK", nil)
	}
	res.AppendHeader(sip.NewHeader("Allow", allowMethods))
	res.AppendHeader(sip.NewHeader("Supported", p.supportedOptions()))
	for _, h := range st.headers2xx() {
		res.AppendHeader(h)
	}
	return res
}

// refuseExtensions answers 420 Bad Extension to an INVITE requiring an option we do not
// implement (RFC 3261 8.2.2.3), and 421 Extension Required with Require: 100rel to one that
// cannot do 100rel when use100rel=required (RFC 3262 section 3). It reports whether it did.
func (p *Phone) refuseExtensions(req *sip.Request, tx sip.ServerTransaction) bool {
	if bad := p.unsupportedRequire(req); len(bad) > 0 {
		res := sip.NewResponseFromRequest(req, 420, "Bad Extension", nil)
		res.AppendHeader(sip.NewHeader("Unsupported", strings.Join(bad, ", ")))
		tx.Respond(res)
		from := fromUser(req)
		p.post(func() {
			p.notice(control.KindError, "missed call from %s: it requires %s, which we do not support (420)", from, strings.Join(bad, ", "))
		})
		return true
	}
	if p.params.Get("use100rel") == "required" && !hasOptionTag(req, "Supported", "100rel") && !hasOptionTag(req, "Require", "100rel") {
		res := sip.NewResponseFromRequest(req, 421, "Extension Required", nil)
		res.AppendHeader(sip.NewHeader("Require", "100rel"))
		tx.Respond(res)
		from := fromUser(req)
		p.post(func() {
			p.notice(control.KindError, "missed call from %s: it does not support 100rel, which use100rel=required needs (421)", from)
		})
		return true
	}
	return false
}

// incoming registers a ringing call, or returns the status (and headers) to refuse or
// divert it with. Owner goroutine.
func (p *Phone) incoming(req *sip.Request, dlg *sipgo.DialogServerSession) (*call, int, string, []sip.Header) {
	if ct := req.ContentType(); ct != nil && len(req.Body()) > 0 && ct.Value() != "application/sdp" {
		return nil, 415, "Unsupported Media Type", nil
	}
	delayed := len(req.Body()) == 0 // no offer: ours goes in the reliable 18x or the 200
	// Check the offer now so a bad one is refused before ringing, with a trace.
	if !delayed {
		if _, err := sdpneg.ParseOffer(req.Body(), p.probeLocal()); err != nil {
			code, reason, hdrs := p.refuseOffer(req, describeRefusal(err, req.Body()))
			return nil, code, reason, hdrs
		}
		if r := p.iceRefusal(req.Body()); r != nil {
			code, reason, hdrs := p.refuseOffer(req, *r)
			return nil, code, reason, hdrs
		}
	}
	var replaced *call
	if h := req.GetHeader("Replaces"); h != nil {
		r, err := sipbody.ParseReplaces(h.Value())
		if err != nil {
			return nil, 400, "Bad Request (Replaces: " + err.Error() + ")", nil
		}
		if replaced = p.replacedCall(r); replaced == nil {
			return nil, 481, "Call/Transaction Does Not Exist (Replaces matches no call)", nil
		}
	}
	line, err := p.freeLine()
	if replaced == nil {
		if code, reason, hdrs := p.divert(req, err != nil); code != 0 {
			return nil, code, reason, hdrs
		}
	}
	if err != nil {
		return nil, 486, "Busy Here", nil
	}
	from := req.From()
	c := &call{line: line, dir: control.DirectionIncoming, callID: req.CallID().Value(), local: dialledUser(req, p.params.Get("username")),
		started: time.Now(), in: dlg, offer: req.Body(), decision: make(chan decision, 1),
		ended: make(chan struct{}), peerAddr: req.Source()}
	c.peer = fromUser(req)
	if from != nil {
		c.peerName = from.DisplayName
	}
	if delayed {
		if err := p.prepareDelayedOffer(c); err != nil {
			p.notice(control.KindError, "missed call from %s: %v", c.peer, err)
			return nil, 500, "Server Internal Error (no RTP port for our offer)", nil
		}
	}
	p.lines[line] = c
	if _, busy := p.lines[p.current]; !busy || p.current == line {
		p.current = line
	}
	p.ensureEngine(false)
	c.replaces = replaced
	p.setState(c, control.StateRinging)
	p.updateTones()
	switch delay, auto := p.autoAnswer(req); {
	case replaced != nil:
		p.accept(c) // a transfer replacing one of our calls is answered at once
	case auto && delay == 0:
		p.accept(c)
	case auto:
		time.AfterFunc(delay, func() {
			p.post(func() {
				if c.state == control.StateRinging && c.session == nil {
					p.accept(c)
				}
			})
		})
	}
	p.forwardOnNoAnswer(c)
	return c, 0, "", nil
}

// probeLocal describes our codecs for checking an offer before any port is bound.
func (p *Phone) probeLocal() sdpneg.Local {
	l := sdpneg.Local{IP: "0.0.0.0", Port: 9, DTMF: true, Direction: sdpneg.SendRecv, Ptime: 20,
		SRTP: p.srtpMode(), CryptoKey: make([]byte, sdpneg.KeyLen), Formats: p.localFormats(),
		RTCPMux: p.params.Bool("rtcpmux")}
	if dl, err := p.withDTLS(l); err == nil {
		l = dl
	}
	return l
}

// Accept answers the ringing call on line (0: the current call).
func (p *Phone) Accept(line int) error {
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.ringingCall(line); err == nil {
			err = p.accept(c)
		}
	}) {
		return ErrClosed
	}
	return err
}

// ringingCall finds the incoming ringing call on line, or the first one when line is 0. Owner goroutine.
func (p *Phone) ringingCall(line int) (*call, error) {
	if line <= 0 {
		for n := 1; n <= p.maxLines(); n++ {
			if c, ok := p.lines[n]; ok && c.dir == control.DirectionIncoming && c.state == control.StateRinging {
				return c, nil
			}
		}
		return nil, fmt.Errorf("%w: no incoming call is ringing", ErrWrongState)
	}
	c, err := p.lineFor(line)
	if err != nil {
		return nil, err
	}
	if c.dir != control.DirectionIncoming || c.state != control.StateRinging {
		return nil, fmt.Errorf("%w: line %d is %s, not a ringing incoming call", ErrWrongState, line, c.state)
	}
	return c, nil
}

// accept binds media, builds the SDP answer and hands it to the INVITE handler. Owner goroutine.
func (p *Phone) accept(c *call) error {
	if c.inv.delayed {
		return p.acceptDelayed(c)
	}
	if c.session != nil {
		return fmt.Errorf("%w: line %d is already being answered", ErrWrongState, c.line)
	}
	sess, agent, local, err := p.newSession(p.sip.host, p.iceAnswers(c.offer))
	if err != nil {
		p.notice(control.KindError, "Line %d: %v", c.line, err)
		return err
	}
	answer, res, err := sdpneg.Answer(c.offer, local)
	if err != nil {
		sess.Close()
		return fmt.Errorf("cannot answer the offer: %w", err)
	}
	c.session, c.ice, c.iceControlling, c.local0 = sess, agent, false, local
	if err := p.startMedia(c, res); err != nil {
		p.stopMedia(c)
		return err
	}
	p.current = c.line
	p.answerDecision(c, decision{accept: true, answer: answer})
	p.updateTones()
	return nil
}

// onAccepted completes an answered incoming call once the 200 OK was acknowledged. Owner goroutine.
func (p *Phone) onAccepted(c *call, err error) {
	if c.state == control.StateFinished {
		return
	}
	if err != nil {
		p.notice(control.KindError, "Line %d: call from %s failed while answering: %v", c.line, c.peer, err)
		p.finish(c, "no ACK from the caller: "+err.Error(), 3)
		return
	}
	if c.inv.delayed {
		// Our offer went in the 200 (or a reliable 18x): the ACK (or PRACK) answers it.
		if err := p.startDelayedMedia(c); err != nil {
			p.setState(c, control.StateInCall)
			p.badAckAnswer(c, err)
			return
		}
	}
	p.setState(c, control.StateInCall)
	p.updateTones()
	if c.reason != "" { // hung up while answering
		p.endCall(c, c.reason, c.disparty)
	}
}

// Reject refuses the ringing call on line (0: the current ringing call) with 486 Busy Here.
func (p *Phone) Reject(line int) error {
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.ringingCall(line); err == nil {
			c.reason, c.disparty = "rejected", 1
			p.answerDecision(c, decision{code: 486, reason: "Busy Here"})
			p.setState(c, control.StateFinishing)
		}
	}) {
		return ErrClosed
	}
	return err
}
