package phone

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sdpneg"
)

// reoffer is a call's state for the offers we make inside it (hold, resume).
type reoffer struct {
	dir     sdpneg.Direction // our direction from the last negotiation that took effect
	waiting bool             // a 491 retry is scheduled; the far end's re-INVITEs are answered meanwhile
}

// reofferAttempt is one re-INVITE of ours, with what a failure restores (RFC 3261 14.1: a
// non-2xx final response leaves the session as if no re-INVITE had been sent).
type reofferAttempt struct {
	what     string           // "hold" or "resume", for messages
	prevHold bool             // c.hold before
	prevDir  sdpneg.Direction // c.local0.Direction before
	retried  bool             // this is the one retry after a 491
}

// applyDirection records dir as negotiated and sets the RTP session's direction from it:
// nothing either way while we hold the call. Owner goroutine.
func (p *Phone) applyDirection(c *call, dir sdpneg.Direction) {
	c.ro.dir = dir
	if c.session != nil {
		c.session.SetDirection(dir.Sends() && !c.hold, dir.Receives() && !c.hold)
	}
}

// startReoffer sends a re-INVITE offering the session as it is now (profile, keys and suite
// kept by sdpneg.Local.Keep; direction from both hold states). Owner goroutine.
func (p *Phone) startReoffer(c *call, at reofferAttempt) {
	local := c.local0.Reoffer(c.wantDirection())
	c.local0 = local // the version stays bumped even if this offer fails
	c.reinvite = true
	go p.sendReinvite(c, c.dialogRef(), local, at)
}

// reofferDone handles the outcome of one re-INVITE of ours. Owner goroutine.
func (p *Phone) reofferDone(c *call, local sdpneg.Local, at reofferAttempt, res *sip.Response, err error) {
	p.reinviteDone(c)
	if c.ending() {
		return
	}
	if err == nil && res.StatusCode == 491 && !at.retried {
		// Glare (RFC 3261 14.1): retry once after a random delay, longer for the Call-ID's
		// owner so the two sides do not collide again; answer the far end's offer meanwhile.
		delay := glareDelay(c.dir == control.DirectionOutgoing)
		c.ro.waiting = true
		p.notice(control.KindInfo, "Line %d: %s crossed a request from %s (491 Request Pending); retrying in %s",
			c.line, at.what, c.peer, delay.Round(10*time.Millisecond))
		at.retried = true
		p.clock.AfterFunc(delay, func() {
			p.post(func() {
				c.ro.waiting = false
				if c.ending() {
					return
				}
				p.startReoffer(c, at)
			})
		})
		return
	}
	if next := c.holdNext; next != nil {
		c.holdNext = nil
		defer func() {
			if err := p.hold(c, *next); err != nil {
				p.notice(control.KindError, "Line %d: %v", c.line, err)
			}
		}()
	}
	var why string
	switch {
	case err != nil:
		why = err.Error()
	case res.StatusCode == 481:
		// The far end no longer knows the dialog (RFC 3261 12.2.1.2): the call is gone.
		p.notice(control.KindError, "Line %d: %s failed: %s answered 481 %s; ending the call", c.line, at.what, c.peer, res.Reason)
		p.endCall(c, "the far end lost the call (481 to our re-INVITE)", 2)
		return
	case !res.IsSuccess():
		why = fmt.Sprintf("%s answered %d %s", c.peer, res.StatusCode, res.Reason)
		if w := res.GetHeader("Warning"); w != nil {
			why += " (" + w.Value() + ")"
		}
	}
	if why == "" {
		ans, perr := sdpneg.ParseAnswer(local, res.Body())
		if perr == nil {
			p.applyAnswer(c, ans)
			return
		}
		why = "unusable SDP answer: " + perr.Error()
	}
	p.rollbackReoffer(c, at, why)
}

// rollbackReoffer restores what a failed re-INVITE of ours changed: our hold state, the
// direction we offer, the RTP direction and the line state; keys, codec and addresses were
// never touched. The user is told why. Owner goroutine.
func (p *Phone) rollbackReoffer(c *call, at reofferAttempt, why string) {
	c.hold = at.prevHold
	c.local0.Direction = at.prevDir
	p.applyDirection(c, c.ro.dir)
	state := control.StateInCall
	if c.hold {
		state = control.StateHold
	}
	p.notice(control.KindError, "Line %d: %s failed: %s; the call stays as it was (%s)", c.line, at.what, why, state)
	p.setState(c, state)
	p.publishLine(c)
	p.syncAudio()
}

// glareDelay is RFC 3261 14.1's wait before retrying a re-INVITE answered 491: 2.1-4 s for
// the owner of the Call-ID (who generated it), 0-2 s otherwise, in units of 10 ms.
func glareDelay(owner bool) time.Duration { return glareDelayFrom(owner, rand.IntN) }

// glareDelayFrom is glareDelay drawing from intN (a number in [0, n)), so a test can show
// the ends of both windows.
func glareDelayFrom(owner bool, intN func(n int) int) time.Duration {
	if owner {
		return time.Duration(210+intN(191)) * 10 * time.Millisecond
	}
	return time.Duration(intN(201)) * 10 * time.Millisecond
}

// sdpRefusal reports whether a final response refuses our session description: 488, or
// 415/606 whose Warning has an SDP code (RFC 3261 20.43: 3xx).
func sdpRefusal(res *sip.Response) bool {
	switch res.StatusCode {
	case 488:
		return true
	case 415, 606:
		for _, h := range res.GetHeaders("Warning") {
			if code, err := strconv.Atoi(strings.Fields(h.Value() + " x")[0]); err == nil && code >= 300 && code <= 399 {
				return true
			}
		}
	}
	return false
}

// inviteRetry decides whether our initial INVITE, ended by err, is sent once more in a form
// the far end may accept, and builds that request: under srtp=1 an RTP/SAVP offer refused
// (sdpRefusal) is retried with RTP/AVP carrying the same a=crypto (best-effort SRTP), which
// an SRTP-optional far end answers encrypted and a plain one plain; a refused DTLS-SRTP
// offer is retried as sdpneg.Local.Fallback says (RTP/SAVP with a=crypto under srtp=2). The retry is the same
// call: same Call-ID and From tag, CSeq incremented, a new branch. attempt counts INVITEs
// sent so far; only the first is retried. Safe off the owner goroutine.
func (p *Phone) inviteRetry(c *call, dlg *sipgo.DialogClientSession, local sdpneg.Local, err error, attempt int) (*sip.Request, sdpneg.Local, bool) {
	var de *sipgo.ErrDialogResponse
	if attempt != 1 || dlg == nil || dlg.InviteRequest == nil || !errors.As(err, &de) || !sdpRefusal(de.Res) {
		return nil, local, false
	}
	next, ok := local.Fallback()
	if !ok {
		return nil, local, false
	}
	offer, oerr := sdpneg.Offer(next)
	if oerr != nil {
		return nil, local, false
	}
	req := dlg.InviteRequest.Clone()
	req.RemoveHeader("Via")
	req.RemoveHeader("Authorization")
	req.RemoveHeader("Proxy-Authorization")
	if cseq := req.CSeq(); cseq != nil {
		cseq.SeqNo++
	}
	req.SetBody(offer)
	status := fmt.Sprintf("%d %s", de.Res.StatusCode, de.Res.Reason)
	p.post(func() {
		c.local0 = next
		p.log.Info("far end refused our offer; retrying the call in the fallback form",
			"line", c.line, "status", status, "refused", sdpneg.FormOf(local), "retry", sdpneg.FormOf(next))
	})
	return req, next, true
}
