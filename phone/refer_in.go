package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipbody"
)

// referSub is the implicit subscription a REFER we accepted creates: NOTIFYs go back on
// the call the REFER arrived on.
type referSub struct {
	orig     *call // the call that carried the REFER
	notified int   // the last status we reported
}

// onRefer handles an incoming REFER: allowed by allowtransfer, it places the new call and
// reports its progress with NOTIFY (message/sipfrag).
func (p *Phone) onRefer(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		if dlg := c.dialog(); dlg != nil {
			dlg.ReadRequest(req, tx)
		}
		switch p.params.Get("allowtransfer") {
		case "0":
			respond(tx, req, 403, "Forbidden (transfers are disabled: parameter allowtransfer=0)")
			p.notice(control.KindInfo, "Line %d: refused a transfer request from %s (allowtransfer=0)", c.line, c.peer)
			return
		case "1":
			if !p.fromServer(req) {
				respond(tx, req, 403, "Forbidden (transfers only from the registrar: parameter allowtransfer=1)")
				p.notice(control.KindInfo, "Line %d: refused a transfer request that did not come through the server", c.line)
				return
			}
		}
		h := req.GetHeader("Refer-To")
		if h == nil {
			respond(tx, req, 400, "Bad Request (missing Refer-To)")
			return
		}
		target, rep, err := sipbody.ParseReferTo(h.Value())
		if err != nil {
			respond(tx, req, 400, "Bad Request (Refer-To: "+err.Error()+")")
			return
		}
		respond(tx, req, 202, "Accepted")
		var extra []sip.Header
		if rep != nil {
			extra = append(extra, sip.NewHeader("Replaces", rep.String()))
		}
		if by := req.GetHeader("Referred-By"); by != nil {
			extra = append(extra, sip.NewHeader("Referred-By", by.Value()))
		}
		sub := &referSub{orig: c}
		go p.notifyRefer(sub.orig.dialogRef(), 100, "Trying", false)
		p.notice(control.KindInfo, "Line %d: %s transfers us to %s", c.line, c.peer, target)
		line, err := p.dialHeaders(target, extra)
		if err != nil {
			go p.notifyRefer(sub.orig.dialogRef(), 503, "Service Unavailable", true)
			p.notice(control.KindError, "Line %d: cannot follow the transfer to %s: %v", c.line, target, err)
			return
		}
		p.lines[line].referred = sub
	})
}

// referProgress reports a referred call's state change to the transferor. Owner goroutine.
func (p *Phone) referProgress(c *call) {
	sub := c.referred
	if sub == nil {
		return
	}
	code, reason, final := 0, "", false
	switch c.state {
	case control.StateRinging:
		code, reason = 180, "Ringing"
	case control.StateInCall:
		code, reason, final = 200, "OK", true
	case control.StateFinished:
		code, reason, final = 503, "Service Unavailable", true
		if c.connected.IsZero() {
			code, reason = 487, "Request Terminated"
		}
	default:
		return
	}
	if code <= sub.notified || sub.notified >= 200 {
		return
	}
	sub.notified = code
	go p.notifyRefer(sub.orig.dialogRef(), code, reason, final)
}

// notifyRefer sends one NOTIFY for a REFER subscription in the dialog of the call that
// carried the REFER.
func (p *Phone) notifyRefer(orig dialogRef, code int, reason string, final bool) {
	state := "active;expires=60"
	if final {
		state = "terminated;reason=noresource"
	}
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	res, err := p.inDialog(ctx, orig, sip.NOTIFY, "message/sipfrag;version=2.0", sipbody.FormatSipfrag(code, reason),
		sip.NewHeader("Event", "refer"), sip.NewHeader("Subscription-State", state))
	if err != nil || !res.IsSuccess() {
		p.log.Info("NOTIFY for transfer not delivered", "line", orig.line, "status", fmt.Sprint(code), "error", err)
	}
}

// replacedCall finds the call an INVITE with Replaces names (RFC 3891): the Replaces to-tag
// is our local tag, its from-tag the remote one. Owner goroutine.
func (p *Phone) replacedCall(r sipbody.Replaces) *call {
	for _, c := range p.lines {
		if c.callID != r.CallID {
			continue
		}
		local, remote := c.tags()
		if local == r.ToTag && remote == r.FromTag {
			return c
		}
	}
	return nil
}
