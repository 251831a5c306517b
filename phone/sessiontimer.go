package phone

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// Session timers (RFC 4028).
//
// Our INVITEs carry Supported: timer, Session-Expires (sessiontimer seconds) and Min-SE: 90;
// a 422 is retried once with the Min-SE it asks. As UAS we answer an INVITE whose
// Session-Expires is below 90 s with 422 and Min-SE: 90, and otherwise put Session-Expires
// with the refresher into our 2xx (the caller refreshes when it supports timer, else we
// do). Once the call is connected, the refresher re-INVITEs (UPDATE without SDP when the far
// end allows UPDATE) at half the interval, keeping the session's SDP; without a refresh the
// other side sends BYE at the interval minus min(32 s, interval/3). Any refresh, ours or
// theirs, restarts the schedule.

// minSE is our Min-SE: the shortest session interval we accept (RFC 4028 section 4).
const minSE = 90

// stNegotiation is what one INVITE, re-INVITE or UPDATE settled on the session timer.
type stNegotiation struct {
	interval  int    // session interval in seconds, 0 for no session timer
	weRefresh bool   // we are the refresher
	refresher string // the refresher parameter as written in our 2xx ("uac", "uas")
	require   bool   // the far end supports timer: our 2xx says Require: timer
	minSE     int    // the Min-SE in force (ours or higher, from a 422)
}

// parseSessionExpires reads Session-Expires (or its compact form x) and its refresher
// parameter; ok is false without a usable header.
func parseSessionExpires(m headerReader) (secs int, refresher string, ok bool) {
	h := m.GetHeader("Session-Expires")
	if h == nil {
		h = m.GetHeader("x")
	}
	if h == nil {
		return 0, "", false
	}
	parts := strings.Split(h.Value(), ";")
	n, err := strconv.Atoi(strings.TrimSpace(parts[0]))
	if err != nil || n <= 0 {
		return 0, "", false
	}
	for _, p := range parts[1:] {
		if k, v, _ := strings.Cut(strings.TrimSpace(p), "="); strings.EqualFold(k, "refresher") {
			refresher = strings.ToLower(strings.TrimSpace(v))
		}
	}
	return n, refresher, true
}

// parseMinSE reads a Min-SE header in seconds, 0 when absent or unreadable.
func parseMinSE(m headerReader) int {
	if h := m.GetHeader("Min-SE"); h != nil {
		v, _, _ := strings.Cut(h.Value(), ";")
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
			return n
		}
	}
	return 0
}

// sessionTimerSecs is the sessiontimer parameter, raised to our Min-SE; 0 for off.
func (p *Phone) sessionTimerSecs() int {
	n := p.params.Int("sessiontimer")
	if n <= 0 {
		return 0
	}
	return max(n, minSE)
}

// uasSessionTimer decides the session timer of an INVITE (or re-INVITE) we answer, and
// whether it must be refused 422 because its Session-Expires is below our Min-SE.
func (p *Phone) uasSessionTimer(req *sip.Request) (n stNegotiation, tooSmall bool) {
	supports := hasOptionTag(req, "Supported", "timer") || hasOptionTag(req, "Require", "timer")
	se, refresher, ok := parseSessionExpires(req)
	n.minSE = max(minSE, parseMinSE(req))
	switch {
	case ok && se < minSE:
		return n, true
	case ok:
		n.interval = se
	case supports && p.sessionTimerSecs() > 0:
		n.interval = max(p.sessionTimerSecs(), n.minSE)
	default:
		return stNegotiation{}, false
	}
	n.require = supports
	switch {
	case refresher == "uas":
		n.refresher = "uas"
	case refresher == "uac" && supports:
		n.refresher = "uac"
	case supports:
		n.refresher = "uac" // ours to pick (RFC 4028 section 9): the caller refreshes
	default:
		n.refresher = "uas" // a caller without timer cannot refresh: we do
	}
	n.weRefresh = n.refresher == "uas"
	return n, false
}

// uacSessionTimer reads the session timer our INVITE (or refresh) got in its 2xx: none
// without Session-Expires; refresher=uac (or none) makes us the refresher.
func uacSessionTimer(res *sip.Response, minimum int) stNegotiation {
	se, refresher, ok := parseSessionExpires(res)
	if !ok {
		return stNegotiation{}
	}
	return stNegotiation{interval: se, weRefresh: refresher != "uas", refresher: refresher, minSE: max(minimum, minSE)}
}

// headers2xx are the session-timer headers of our 2xx for n.
func (n stNegotiation) headers2xx() []sip.Header {
	if n.interval == 0 {
		return nil
	}
	hs := []sip.Header{sip.NewHeader("Session-Expires", fmt.Sprintf("%d;refresher=%s", n.interval, n.refresher))}
	if n.require {
		hs = append(hs, sip.NewHeader("Require", "timer"))
	}
	return hs
}

// inviteTimerHeaders are the session-timer headers of our INVITEs: Session-Expires and
// Min-SE (none with sessiontimer=0; Supported: timer is in every INVITE).
func (p *Phone) inviteTimerHeaders() []sip.Header {
	secs := p.sessionTimerSecs()
	if secs == 0 {
		return nil
	}
	return []sip.Header{sip.NewHeader("Session-Expires", strconv.Itoa(secs)), sip.NewHeader("Min-SE", strconv.Itoa(minSE))}
}

// timerRetry builds the retry of our INVITE answered 422 Session Interval Too Small (RFC 4028
// section 8.1): the same call (Call-ID, From tag) with CSeq incremented, Min-SE set to the
// 422's and Session-Expires raised to it. Only the first 422 is retried. Safe off the owner
// goroutine.
func (p *Phone) timerRetry(c *call, dlg *sipgo.DialogClientSession, err error, retried *bool) (*sip.Request, bool) {
	var de *sipgo.ErrDialogResponse
	if *retried || dlg == nil || dlg.InviteRequest == nil || !errors.As(err, &de) || de.Res.StatusCode != 422 {
		return nil, false
	}
	want := parseMinSE(de.Res)
	if want == 0 {
		return nil, false
	}
	*retried = true
	req := dlg.InviteRequest.Clone()
	req.RemoveHeader("Via")
	req.RemoveHeader("Authorization")
	req.RemoveHeader("Proxy-Authorization")
	req.RemoveHeader("Session-Expires")
	req.RemoveHeader("Min-SE")
	se := max(want, p.sessionTimerSecs())
	req.AppendHeader(sip.NewHeader("Session-Expires", strconv.Itoa(se)))
	req.AppendHeader(sip.NewHeader("Min-SE", strconv.Itoa(want)))
	if cseq := req.CSeq(); cseq != nil {
		cseq.SeqNo++
	}
	p.post(func() {
		p.notice(control.KindInfo, "Line %d: %s asks a session interval of at least %d s (422); retrying with Session-Expires %d", c.line, c.peer, want, se)
	})
	return req, true
}

// stAction is what a session timer step does.
type stAction int

const (
	stRefresh stAction = iota + 1 // send a refresh (we are the refresher)
	stExpire                      // no refresh came in time: send BYE
)

// stStep is one step of a session timer's schedule, at an offset from its start.
type stStep struct {
	at     time.Duration
	action stAction
}

// stSchedule is the schedule of a session timer from the last refresh (RFC 4028 sections
// 7.2 and 10): the refresher refreshes at half the interval; either side gives up (BYE) at
// the interval minus min(32 s, interval/3) when no refresh has restarted the schedule.
func stSchedule(n stNegotiation) []stStep {
	if n.interval <= 0 {
		return nil
	}
	iv := time.Duration(n.interval) * time.Second
	expire := stStep{iv - min(32*time.Second, iv/3), stExpire}
	if n.weRefresh {
		return []stStep{{iv / 2, stRefresh}, expire}
	}
	return []stStep{expire}
}

// runSessionTimer walks n's schedule on clk, calling fire for each step, until ctx ends
// (a refresh restarts the schedule with a new runner).
func runSessionTimer(ctx context.Context, clk clock, n stNegotiation, fire func(stAction)) {
	var done time.Duration
	for _, s := range stSchedule(n) {
		select {
		case <-clk.After(s.at - done):
		case <-ctx.Done():
			return
		}
		done = s.at
		fire(s.action)
	}
}

// sessionTimer is a call's running session timer.
type sessionTimer struct {
	neg    stNegotiation
	cancel context.CancelFunc
}

// startSessionTimer (re)starts a call's session timer with n; an interval of 0 stops it.
// Owner goroutine.
func (p *Phone) startSessionTimer(c *call, n stNegotiation) {
	p.stopSessionTimer(c)
	if n.interval <= 0 || c.ending() {
		return
	}
	ctx, cancel := context.WithCancel(p.ctx)
	go func() { // the timer ends with the call
		select {
		case <-c.ended:
			cancel()
		case <-ctx.Done():
		}
	}()
	st := &sessionTimer{neg: n, cancel: cancel}
	c.inv.st = st
	who := "the far end refreshes"
	if n.weRefresh {
		who = "we refresh"
	}
	p.log.Info("session timer", "line", c.line, "interval", n.interval, "refresher", who)
	go runSessionTimer(ctx, p.clock, n, func(a stAction) {
		p.post(func() {
			if c.inv.st == st {
				p.sessionTimerFired(c, a)
			}
		})
	})
}

// stopSessionTimer stops a call's session timer. Owner goroutine.
func (p *Phone) stopSessionTimer(c *call) {
	if c.inv.st != nil {
		c.inv.st.cancel()
		c.inv.st = nil
	}
}

// sessionTimerFired runs one step of the schedule. Owner goroutine.
func (p *Phone) sessionTimerFired(c *call, a stAction) {
	if c.state != control.StateInCall && c.state != control.StateHold {
		return
	}
	switch a {
	case stRefresh:
		p.refreshSession(c, false)
	case stExpire:
		n := c.inv.st.neg
		p.stopSessionTimer(c)
		p.notice(control.KindError, "Line %d: the session with %s expired (no refresh within %d s); ending the call", c.line, c.peer, n.interval)
		p.byeWithReason(c, fmt.Sprintf("session timer expired (no refresh within %d s)", n.interval), 408, "Session timer expired")
	}
}

// refreshHeaders are the headers of our session refresh.
func (n stNegotiation) refreshHeaders() []sip.Header {
	return []sip.Header{
		sip.NewHeader("Session-Expires", fmt.Sprintf("%d;refresher=uac", n.interval)),
		sip.NewHeader("Min-SE", strconv.Itoa(max(n.minSE, minSE))),
		sip.NewHeader("Supported", "timer"),
	}
}

// refreshSession sends our session refresh: UPDATE without SDP when the far end allows
// UPDATE, else a re-INVITE offering the session as it is (sdpneg Reoffer keeps profile,
// keys and direction). A re-INVITE of ours in progress delays it by a second. Owner
// goroutine.
func (p *Phone) refreshSession(c *call, after422 bool) {
	st := c.inv.st
	if st == nil {
		return
	}
	if c.reinvite || c.ro.waiting {
		time.AfterFunc(time.Second, func() {
			p.post(func() {
				if c.inv.st == st && (c.state == control.StateInCall || c.state == control.StateHold) {
					p.refreshSession(c, after422)
				}
			})
		})
		return
	}
	n := st.neg
	method := sip.INVITE
	if allowsMethod(c.inv.peerAllow, "UPDATE") {
		method = sip.UPDATE
	}
	var local sdpneg.Local
	var offer []byte
	if method == sip.INVITE {
		local = c.local0.Reoffer(c.wantDirection())
		var err error
		if offer, err = sdpneg.Offer(local); err != nil {
			p.log.Warn("session refresh: cannot build the offer", "line", c.line, "error", err)
			return
		}
		c.local0 = local
		c.sdp.note(offer, nil)
		c.reinvite = true
	}
	p.log.Info("session refresh", "line", c.line, "method", method, "interval", n.interval)
	dlg := c.dialogRef()
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, reinviteTimeout)
		defer cancel()
		ct := ""
		if offer != nil {
			ct = "application/sdp"
		}
		res, err := p.inDialog(ctx, dlg, method, ct, offer, n.refreshHeaders()...)
		p.post(func() { p.refreshDone(c, st, method, local, res, err, after422) })
	}()
}

// refreshDone handles the answer to our session refresh: a 2xx restarts the timer with the
// interval it grants (and applies the SDP answer of a re-INVITE); 422 raises the interval to
// its Min-SE and refreshes again once; 481 or 408 end the call (the far end lost it); any
// other failure leaves the session as it was and the schedule running toward expiry.
// Owner goroutine.
func (p *Phone) refreshDone(c *call, st *sessionTimer, method sip.RequestMethod, local sdpneg.Local, res *sip.Response, err error, after422 bool) {
	if method == sip.INVITE {
		p.reinviteDone(c)
		if next := c.holdNext; next != nil {
			c.holdNext = nil
			defer func() {
				if err := p.hold(c, *next); err != nil {
					p.notice(control.KindError, "Line %d: %v", c.line, err)
				}
			}()
		}
	}
	if c.state != control.StateInCall && c.state != control.StateHold {
		return
	}
	switch {
	case err != nil:
		p.notice(control.KindError, "Line %d: session refresh (%s) to %s failed: %v", c.line, method, c.peer, err)
	case res.IsSuccess():
		if method == sip.INVITE {
			if ans, perr := sdpneg.ParseAnswer(local, res.Body()); perr == nil {
				c.sdp.note(nil, res.Body())
				p.applyAnswer(c, ans)
			} else {
				p.log.Warn("session refresh: unusable SDP answer", "line", c.line, "error", perr)
			}
		}
		if c.inv.st == st {
			p.startSessionTimer(c, uacSessionTimer(res, st.neg.minSE))
		}
	case res.StatusCode == 422 && !after422 && c.inv.st == st:
		if m := parseMinSE(res); m > st.neg.interval {
			st.neg.interval, st.neg.minSE = m, m
			p.notice(control.KindInfo, "Line %d: %s asks a session interval of at least %d s (422); refreshing again", c.line, c.peer, m)
			p.refreshSession(c, true)
		}
	case res.StatusCode == 481 || res.StatusCode == 408:
		p.notice(control.KindError, "Line %d: session refresh answered %d %s; ending the call", c.line, res.StatusCode, res.Reason)
		p.endCall(c, fmt.Sprintf("session refresh answered %d %s", res.StatusCode, res.Reason), 2)
	default:
		p.notice(control.KindError, "Line %d: session refresh (%s) answered %d %s; the call stays as it was", c.line, method, res.StatusCode, res.Reason)
	}
}

// sessionRefreshed handles a re-INVITE or UPDATE from the far end that we answer 2xx: it is
// a refresh (RFC 4028 section 9) when it carries Session-Expires or a timer runs. The
// response gets our Session-Expires and the schedule restarts. Owner goroutine.
func (p *Phone) sessionRefreshed(c *call, req *sip.Request, res *sip.Response) {
	n, tooSmall := p.uasSessionTimer(req)
	if tooSmall {
		return // refused 422 before it got here
	}
	if _, _, has := parseSessionExpires(req); !has && c.inv.st != nil {
		n = c.inv.st.neg // the far end refreshes without the header: keep what runs
	}
	if n.interval == 0 {
		return
	}
	for _, h := range n.headers2xx() {
		res.AppendHeader(h)
	}
	p.startSessionTimer(c, n)
}

// refuseSmallInterval answers 422 with our Min-SE to an INVITE whose Session-Expires is
// below it (RFC 4028 section 8.2), with an event naming it. It reports whether it did.
func (p *Phone) refuseSmallInterval(req *sip.Request, tx sip.ServerTransaction) bool {
	if _, tooSmall := p.uasSessionTimer(req); !tooSmall {
		return false
	}
	se, _, _ := parseSessionExpires(req)
	res := sip.NewResponseFromRequest(req, 422, "Session Interval Too Small", nil)
	res.AppendHeader(sip.NewHeader("Min-SE", strconv.Itoa(minSE)))
	tx.Respond(res)
	from := fromUser(req)
	p.post(func() {
		p.notice(control.KindError, "Refused an INVITE from %s: Session-Expires %d s is below our Min-SE %d s (422)", from, se, minSE)
	})
	return true
}

// allowsMethod reports whether an Allow header value lists method.
func allowsMethod(allow string, method string) bool {
	for _, m := range strings.Split(allow, ",") {
		if strings.EqualFold(strings.TrimSpace(m), method) {
			return true
		}
	}
	return false
}

// allowOf joins a message's Allow headers.
func allowOf(m headerReader) string {
	var parts []string
	for _, h := range m.GetHeaders("Allow") {
		parts = append(parts, h.Value())
	}
	return strings.Join(parts, ",")
}
