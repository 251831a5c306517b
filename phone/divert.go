package phone

import (
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipbody"
)

// divert applies DND and call forwarding to a new incoming call. It returns the status to
// answer with (0: let it ring). busy says every line is taken. Owner goroutine.
func (p *Phone) divert(req *sip.Request, busy bool) (int, string, []sip.Header) {
	mode := p.params.Get("callforwardmode")
	dnd := p.params.Bool("dnd")
	if fwd := p.params.Get("callforward"); fwd != "" && (mode == "always" || mode == "busy" && (busy || dnd)) {
		if contact, err := p.forwardContact(fwd); err == nil {
			p.notice(control.KindInfo, "Forwarded a call from %s to %s", fromUser(req), fwd)
			return 302, "Moved Temporarily", []sip.Header{contact}
		} else {
			p.notice(control.KindError, "Cannot forward to %q (parameter callforward): %v", fwd, err)
		}
	}
	if dnd {
		code := p.params.Int("dndcode")
		reason := map[int]string{480: "Temporarily Unavailable", 603: "Decline"}[code]
		if reason == "" {
			code, reason = 486, "Busy Here"
		}
		p.notice(control.KindInfo, "Do not disturb: refused a call from %s (%d)", fromUser(req), code)
		return code, reason, nil
	}
	return 0, "", nil
}

// forwardContact is the Contact header of a 302 to target.
func (p *Phone) forwardContact(target string) (sip.Header, error) {
	t, err := resolveTarget(target, p.account())
	if err != nil {
		return nil, err
	}
	return &sip.ContactHeader{Address: t.uri}, nil
}

// forwardOnNoAnswer diverts a ringing call with 302 after callforwardtimeout. Owner goroutine.
func (p *Phone) forwardOnNoAnswer(c *call) {
	fwd := p.params.Get("callforward")
	if fwd == "" || p.params.Get("callforwardmode") != "noanswer" {
		return
	}
	contact, err := p.forwardContact(fwd)
	if err != nil {
		p.notice(control.KindError, "Cannot forward to %q (parameter callforward): %v", fwd, err)
		return
	}
	time.AfterFunc(time.Duration(p.params.Int("callforwardtimeout"))*time.Second, func() {
		p.post(func() {
			if c.state == control.StateRinging && c.session == nil {
				c.reason, c.disparty = "forwarded to "+fwd+" (no answer)", 1
				p.answerDecision(c, decision{code: 302, reason: "Moved Temporarily", headers: []sip.Header{contact}})
				p.setState(c, control.StateFinishing)
			}
		})
	})
}

// autoAnswer decides whether an incoming call is answered without the user, and after how
// long: autoanswer 1 answers every call, 2 only calls whose INVITE asks (Call-Info
// answer-after, Alert-Info intercom). Owner goroutine.
func (p *Phone) autoAnswer(req *sip.Request) (time.Duration, bool) {
	delay := time.Duration(p.params.Int("autoanswerdelay")) * time.Second
	switch p.params.Get("autoanswer") {
	case "1":
		return delay, true
	case "2":
		var callInfo, alertInfo []string
		for _, h := range req.GetHeaders("Call-Info") {
			callInfo = append(callInfo, h.Value())
		}
		for _, h := range req.GetHeaders("Alert-Info") {
			alertInfo = append(alertInfo, h.Value())
		}
		if auto, hint := sipbody.AnswerAfter(callInfo, alertInfo); auto {
			return max(delay, hint), true
		}
	}
	return 0, false
}

// fromUser names the caller of a request for messages.
func fromUser(req *sip.Request) string {
	if f := req.From(); f != nil {
		if f.Address.User != "" {
			return f.Address.User
		}
		return f.Address.Host
	}
	return "unknown"
}
