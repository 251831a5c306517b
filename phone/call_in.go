package phone

import (
	"errors"
	"fmt"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/event"
	"softphone/phone/sdpneg"
	"softphone/phone/sipbody"
)

// onInvite handles a new incoming INVITE. sipgo ends the transaction when a handler returns,
// so this goroutine stays with the call until it is answered, rejected or cancelled.
func (p *Phone) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	if to := req.To(); to != nil && to.Params.Has("tag") {
		p.onReinvite(req, tx)
		return
	}
	if code, why := p.screenRequest(req); code != 0 {
		respond(tx, req, code, why)
		return
	}
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
	if err := dlg.Respond(180, "Ringing", nil); err != nil {
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
		err := dlg.RespondSDP(d.answer)
		p.post(func() { p.onAccepted(c, err) })
	case <-dlg.Context().Done():
		p.post(func() { p.finish(c, "cancelled by the caller", 2) })
	case <-ringTimeout:
		p.post(func() { p.finish(c, "no answer (ring timeout)", 1) })
		dlg.Respond(480, "Temporarily Unavailable", nil)
	}
}

// incoming registers a ringing call, or returns the status (and headers) to refuse or
// divert it with. Owner goroutine.
func (p *Phone) incoming(req *sip.Request, dlg *sipgo.DialogServerSession) (*call, int, string, []sip.Header) {
	if ct := req.ContentType(); ct != nil && len(req.Body()) > 0 && ct.Value() != "application/sdp" {
		return nil, 415, "Unsupported Media Type", nil
	}
	if len(req.Body()) == 0 {
		return nil, 488, "Not Acceptable Here (an offer in the INVITE is required)", nil
	}
	// Check the offer now so a bad one is refused before ringing.
	if _, err := sdpneg.ParseOffer(req.Body(), p.probeLocal()); err != nil {
		if errors.Is(err, sdpneg.ErrNoCommonCodec) || errors.Is(err, sdpneg.ErrNoAudio) {
			return nil, 488, "Not Acceptable Here", nil
		}
		return nil, 400, "Bad Request (malformed SDP)", nil
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
	c := &call{line: line, dir: event.Incoming, callID: req.CallID().Value(), local: p.params.Get("username"),
		started: time.Now(), in: dlg, offer: req.Body(), decision: make(chan decision, 1),
		ended: make(chan struct{}), peerAddr: req.Source()}
	c.peer = fromUser(req)
	if from != nil {
		c.peerName = from.DisplayName
	}
	p.lines[line] = c
	if _, busy := p.lines[p.current]; !busy || p.current == line {
		p.current = line
	}
	p.ensureEngine(false)
	c.replaces = replaced
	p.setState(c, event.StateRinging)
	p.updateTones()
	switch delay, auto := p.autoAnswer(req); {
	case replaced != nil:
		p.accept(c) // a transfer replacing one of our calls is answered at once
	case auto && delay == 0:
		p.accept(c)
	case auto:
		time.AfterFunc(delay, func() {
			p.post(func() {
				if c.state == event.StateRinging && c.session == nil {
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
		SRTP: p.params.Int("srtp"), CryptoKey: make([]byte, sdpneg.KeyLen), Formats: p.localFormats()}
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
			if c, ok := p.lines[n]; ok && c.dir == event.Incoming && c.state == event.StateRinging {
				return c, nil
			}
		}
		return nil, fmt.Errorf("%w: no incoming call is ringing", ErrWrongState)
	}
	c, err := p.lineFor(line)
	if err != nil {
		return nil, err
	}
	if c.dir != event.Incoming || c.state != event.StateRinging {
		return nil, fmt.Errorf("%w: line %d is %s, not a ringing incoming call", ErrWrongState, line, c.state)
	}
	return c, nil
}

// accept binds media, builds the SDP answer and hands it to the INVITE handler. Owner goroutine.
func (p *Phone) accept(c *call) error {
	if c.session != nil {
		return fmt.Errorf("%w: line %d is already being answered", ErrWrongState, c.line)
	}
	sess, local, err := p.newSession(p.sip.host)
	if err != nil {
		p.notice(event.KindError, "Line %d: %v", c.line, err)
		return err
	}
	answer, res, err := sdpneg.Answer(c.offer, local)
	if err != nil {
		sess.Close()
		return fmt.Errorf("cannot answer the offer: %w", err)
	}
	c.session, c.local0 = sess, local
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
	if c.state == event.StateFinished {
		return
	}
	if err != nil {
		p.notice(event.KindError, "Line %d: call from %s failed while answering: %v", c.line, c.peer, err)
		p.finish(c, "no ACK from the caller: "+err.Error(), 3)
		return
	}
	p.setState(c, event.StateInCall)
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
			p.setState(c, event.StateFinishing)
		}
	}) {
		return ErrClosed
	}
	return err
}
