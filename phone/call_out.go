package phone

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
	"softphone/phone/sipua"
)

// unreachableAfter is how long an INVITE may go without any provisional answer before the
// far end is reported unreachable (RFC 3261 Timer B would wait 32 s).
const unreachableAfter = 10 * time.Second

// Call dials a number, user name or SIP URI ("echo" runs the built-in echo test) on a free
// line and returns the line number. Progress is reported as events.
func (p *Phone) Call(number string) (int, error) {
	var line int
	var err error
	if !p.run(func() { line, err = p.dial(number) }) {
		return 0, ErrClosed
	}
	return line, err
}

// dial starts an outgoing call. Owner goroutine.
func (p *Phone) dial(number string) (int, error) { return p.dialHeaders(number, nil) }

// dialHeaders starts an outgoing call whose INVITE carries extra headers (Replaces,
// Referred-By for a transfer). With autohold a connected call on the current line is held
// first. Owner goroutine.
func (p *Phone) dialHeaders(number string, extra []sip.Header) (int, error) {
	a := p.account()
	t, err := resolveTarget(number, a)
	if err != nil {
		return 0, err
	}
	line, err := p.freeLine()
	if err != nil {
		return 0, err
	}
	if !t.echo {
		p.lastNumber = number
	}
	if cur, ok := p.lines[p.current]; ok && p.params.Bool("autohold") && !cur.conference &&
		cur.state == control.StateInCall && !cur.echo {
		if err := p.hold(cur, true); err != nil {
			p.notice(control.KindError, "Line %d: could not hold: %v", cur.line, err)
		}
	}
	c := &call{line: line, dir: control.DirectionOutgoing, peer: t.display, local: a.user, started: time.Now(),
		ended: make(chan struct{}), callID: sip.GenerateTagN(24) + "@" + p.sip.host, extra: extra}
	p.lines[line] = c
	p.current = line
	p.setState(c, control.StateSetup)
	if t.echo {
		c.peerAddr = "local"
		if err := p.startEcho(c); err != nil {
			p.finish(c, err.Error(), 1)
			return line, err
		}
		p.setState(c, control.StateInCall)
		return line, nil
	}
	c.peerAddr = t.uri.HostPort()
	if t.viaServer {
		c.peerAddr = a.outbound()
	}
	ctx, cancel := context.WithCancelCause(p.ctx)
	c.cancel = func() { cancel(context.Canceled) }
	go p.invite(ctx, cancel, c, t, a)
	return line, nil
}

// invite runs an outgoing INVITE transaction to its end and reports back to the owner.
func (p *Phone) invite(ctx context.Context, cancel context.CancelCauseFunc, c *call, t target, a account) {
	sess, agent, local, err := p.newSession(p.sip.host, p.iceOffers())
	if err != nil {
		p.post(func() { p.notice(control.KindError, "Line %d: %v", c.line, err); p.finish(c, err.Error(), 1) })
		return
	}
	offer, err := sdpneg.Offer(local)
	if err != nil {
		sess.Close()
		p.post(func() { p.finish(c, "cannot build SDP offer: "+err.Error(), 1) })
		return
	}
	p.post(func() { c.session, c.ice, c.iceControlling, c.local0 = sess, agent, true, local })

	req := p.newInvite(c, t, a, offer)
	dlg, err := p.sip.dialogUA().WriteInvite(ctx, req)
	if err != nil {
		p.post(func() { p.failCall(c, describeTransportError(a, err, unreachableAfter).Error(), 3) })
		return
	}
	provisional := make(chan struct{}, 1)
	var unreachable atomic.Bool
	watchdog := time.AfterFunc(unreachableAfter, func() {
		select {
		case <-provisional:
		default:
			// No hop answered at all: nothing to CANCEL, so end the transaction at once.
			unreachable.Store(true)
			cancel(sipgo.WaitAnswerForceCancelErr)
		}
	})
	defer watchdog.Stop()
	if secs := p.params.Int("ringtimeout"); secs > 0 {
		stopRing := p.clock.AfterFunc(time.Duration(secs)*time.Second, func() { cancel(errNoAnswer) })
		defer stopRing()
	}
	var lastRSeq uint32 // RFC 3262: the highest RSeq we PRACKed
	answerOpts := sipgo.AnswerOptions{
		Username: a.authUser,
		Password: a.password,
		OnResponse: func(res *sip.Response) error {
			preferStrongestChallenge(res)
			if res.IsProvisional() {
				select {
				case provisional <- struct{}{}:
				default:
				}
			}
			if res.IsProvisional() && res.StatusCode > 100 && p.uacPrack(c, dlg, res, &lastRSeq) {
				body := res.Body()
				p.post(func() { p.onProgress(c, res.StatusCode, body) })
			}
			return nil
		},
	}
	err = dlg.WaitAnswer(ctx, answerOpts)
	// --- issue 15: retries of the same call in a form the far end may accept: once for SRTP
	// (reoffer.go inviteRetry: srtp=1 RTP/SAVP refused -> RTP/AVP with a=crypto) and once for
	// the session timer (sessiontimer.go timerRetry: 422 -> Session-Expires raised to its
	// Min-SE, RFC 4028 section 8.1); at most one of each, in whichever order they come.
	srtpAttempt, timerRetried := 1, false
	for range 2 {
		retry, _, ok := p.inviteRetry(c, dlg, local, err, srtpAttempt)
		if ok {
			srtpAttempt++
		} else if retry, ok = p.timerRetry(c, dlg, err, &timerRetried); !ok {
			break
		}
		select { // a final response came: some hop answers
		case provisional <- struct{}{}:
		default:
		}
		lastRSeq = 0
		if dlg, err = p.sip.dialogUA().WriteInvite(ctx, retry); err != nil {
			break
		}
		err = dlg.WaitAnswer(ctx, answerOpts)
	}
	// --- end issue 15
	if err != nil {
		reason, party := describeInviteFailure(ctx, err, t, unreachable.Load())
		p.post(func() { p.failCall(c, reason, party) })
		return
	}
	if err := dlg.Ack(context.Background()); err != nil {
		p.log.Warn("ACK failed", "error", err)
	}
	answer := dlg.InviteResponse.Body()
	p.post(func() { p.onAnswered(c, dlg, answer) })
}

// errNoAnswer is the cancel cause when ringtimeout expires.
var errNoAnswer = errors.New("no answer")

// newInvite builds the initial INVITE through the request path (sipua): it leaves by the
// stack's transport, to the outbound proxy when the call goes via the server. sipgo's dialog
// session sends it and answers its 401/407 (WaitAnswer), using the challenge sipua prefers.
func (p *Phone) newInvite(c *call, t target, a account, offer []byte) *sip.Request {
	from := a.from()
	if !t.viaServer || a.server == "" {
		user := a.user
		if user == "" {
			user = "anonymous"
		}
		from.Address = sip.Uri{Scheme: "sip", User: user, Host: p.sip.host, Port: p.sip.port}
	}
	require := ""
	if p.params.Get("use100rel") == "required" {
		require = "100rel"
	}
	dest := ""
	if t.viaServer {
		dest = a.outbound()
	}
	return sipua.NewRequest(sip.INVITE, t.uri,
		sipua.From(from),
		sipua.To(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", User: t.uri.User, Host: t.uri.Host, Port: t.uri.Port}, Params: sip.NewParams()}),
		sipua.CallID(c.callID),
		sipua.CSeq(1),
		sipua.Contact(p.sip.contact(firstNonEmpty(a.user, "anonymous"))),
		sipua.Field("Allow", allowMethods),
		sipua.Field("Supported", p.supportedOptions()),
		sipua.Field("Require", require),
		sipua.Header(p.inviteTimerHeaders()...),
		sipua.Field("User-Agent", p.userAgent()),
		p.customHeaderOption(),
		sipua.Field("Content-Type", "application/sdp"),
		sipua.Header(c.extra...),
		sipua.Body("", offer),
		p.sip.outboundTo(t.uri, dest))
}

// onProgress handles 18x: Ringing, and early media when the answer carries SDP. Owner goroutine.
func (p *Phone) onProgress(c *call, code int, body []byte) {
	if c.ending() {
		return
	}
	if len(body) > 0 && !c.early && c.session != nil {
		if res, err := sdpneg.ParseAnswer(c.local0, body); err == nil {
			if err := p.startMedia(c, res); err == nil {
				c.early = true
			}
		}
	}
	if !c.early {
		p.ensureEngine(false)
	}
	p.setState(c, control.StateRinging)
	p.updateTones()
}

// onAnswered handles the 2xx of an outgoing call. Owner goroutine.
func (p *Phone) onAnswered(c *call, dlg *sipgo.DialogClientSession, answer []byte) {
	c.out = dlg
	if c.state == control.StateFinished {
		if d, bye, err := c.newBye(p.byeHeaders()...); err == nil {
			go writeBye(context.Background(), d, bye)
		}
		return
	}
	if c.state == control.StateFinishing { // hung up while the 200 OK was on its way
		p.setState(c, control.StateInCall)
		p.endCall(c, c.reason, 1)
		return
	}
	c.inv.peerAllow = allowOf(dlg.InviteResponse)
	if len(answer) == 0 && c.early {
		// The answer came in a reliable 18x (RFC 3262 section 5): media already runs.
		p.setState(c, control.StateInCall)
		p.updateTones()
		p.startSessionTimer(c, uacSessionTimer(dlg.InviteResponse, minSE))
		return
	}
	res, err := sdpneg.ParseAnswer(c.local0, answer)
	if err == nil {
		if c.stream != nil {
			// Early media already runs; the final answer may move it.
			codec, _ := p.negotiated(res)
			if err = p.applySRTP(c, res); err == nil {
				err = c.session.Start(codec, res.Format.PT, res.DTMFPT, res.Remote)
			}
			if err == nil {
				err = p.startDTLS(c, res)
			}
		} else {
			err = p.startMedia(c, res)
		}
	}
	p.setState(c, control.StateInCall)
	p.updateTones()
	if err != nil {
		p.notice(control.KindError, "Line %d: unusable SDP answer from %s: %v", c.line, c.peer, err)
		p.endCall(c, "unusable SDP answer: "+err.Error(), 1)
		return
	}
	p.startSessionTimer(c, uacSessionTimer(dlg.InviteResponse, minSE))
}

// failCall ends a call that never connected. Owner goroutine.
func (p *Phone) failCall(c *call, reason string, party int) {
	if c.state == control.StateFinishing && c.reason != "" {
		reason, party = c.reason, c.disparty
	} else if party != 1 {
		p.notice(control.KindError, "Call to %s failed: %s", c.peer, reason)
	}
	p.finish(c, reason, party)
}

// describeInviteFailure explains why an outgoing INVITE ended without 2xx, and who ended it.
func describeInviteFailure(ctx context.Context, err error, t target, unreachable bool) (string, int) {
	switch cause := context.Cause(ctx); {
	case unreachable:
		return fmt.Sprintf("unreachable: no answer from %s within %s", t.uri.HostPort(), unreachableAfter), 3
	case errors.Is(cause, errNoAnswer):
		return "no answer", 1
	case ctx.Err() != nil:
		return "cancelled", 1
	}
	var de *sipgo.ErrDialogResponse
	if errors.As(err, &de) {
		return describeStatus(de.Res.StatusCode, de.Res.Reason, t.display), 2
	}
	if errors.Is(err, sip.ErrTransactionTimeout) {
		return fmt.Sprintf("unreachable: no answer from %s (timeout)", t.uri.HostPort()), 3
	}
	return "call failed: " + err.Error(), 3
}

// describeStatus turns a final failure status into words a person understands.
func describeStatus(code int, reason, who string) string {
	var what string
	switch code {
	case 401, 407:
		what = "authentication failed (check username and password)"
	case 403:
		what = "forbidden"
	case 404:
		what = fmt.Sprintf("number %s not found", who)
	case 408:
		what = "no answer (request timeout)"
	case 480:
		what = fmt.Sprintf("%s is not available", who)
	case 484:
		what = "incomplete number"
	case 486, 600:
		what = fmt.Sprintf("%s is busy", who)
	case 487:
		what = "cancelled"
	case 488, 606:
		what = "no common codec or media encryption (not acceptable here)"
	case 603:
		what = fmt.Sprintf("%s declined the call", who)
	default:
		what = "call failed"
	}
	return fmt.Sprintf("%s (%d %s)", what, code, reason)
}
