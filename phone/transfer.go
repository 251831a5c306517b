package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipbody"
)

// transferTimeout bounds waiting for a REFER's answer.
const transferTimeout = 10 * time.Second

// Transfer transfers the call on line (0: current) to number. With transfertype=blind it
// sends REFER at once. With attended it completes the transfer to another connected line
// (REFER with Replaces) when number is empty or names that line's peer; otherwise it holds
// this call and places a consultation call to number, to be completed by a second Transfer.
func (p *Phone) Transfer(line int, number string) error {
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err == nil {
			err = p.transfer(c, number)
		}
	}) {
		return ErrClosed
	}
	return err
}

// transfer starts a transfer. Owner goroutine.
func (p *Phone) transfer(c *call, number string) error {
	if c.echo || c.dialog() == nil || (c.state != control.StateInCall && c.state != control.StateHold) {
		return fmt.Errorf("%w: line %d is %s; only a connected call can be transferred", ErrWrongState, c.line, c.state)
	}
	if p.params.Get("transfertype") == "attended" {
		if consult := p.consultFor(c, number); consult != nil {
			return p.refer(c, consult)
		}
		if number == "" {
			return fmt.Errorf("%w: attended transfer needs a number to consult, or a second connected call", ErrInvalidNumber)
		}
		if !c.hold {
			if err := p.hold(c, true); err != nil {
				return err
			}
		}
		line, err := p.dial(number)
		if err != nil {
			return err
		}
		p.lines[line].consultOf = c
		p.notice(control.KindInfo, "Line %d: consulting %s on line %d; transfer again to complete", c.line, number, line)
		return nil
	}
	if number == "" {
		return fmt.Errorf("%w: transfer needs a number", ErrInvalidNumber)
	}
	t, err := resolveTarget(number, p.account())
	if err != nil {
		return err
	}
	if t.echo {
		return fmt.Errorf("%w: cannot transfer to the echo test", ErrInvalidNumber)
	}
	go p.sendRefer(c, c.dialogRef(), "<"+t.uri.String()+">", number)
	return nil
}

// consultFor finds the other connected call an attended transfer completes to.
func (p *Phone) consultFor(c *call, number string) *call {
	var found *call
	for _, o := range p.lines {
		if o == c || o.dialog() == nil || (o.state != control.StateInCall && o.state != control.StateHold) {
			continue
		}
		if number == "" || o.peer == number {
			if found != nil && number == "" {
				return nil // ambiguous without a number
			}
			found = o
		}
	}
	return found
}

// refer completes an attended transfer: the far end of c is asked to call the far end of
// consult, replacing our consultation dialog. Owner goroutine.
func (p *Phone) refer(c, consult *call) error {
	target, err := consult.remoteTarget()
	if err != nil {
		return err
	}
	local, remote := consult.tags()
	rep := &sipbody.Replaces{CallID: consult.callID, ToTag: remote, FromTag: local}
	aor := sip.Uri{Scheme: "sip", User: target.User, Host: target.Host, Port: target.Port}
	if consult.dir == control.DirectionOutgoing && consult.out != nil {
		aor = consult.out.InviteRequest.Recipient
	}
	c.consult = consult
	go p.sendRefer(c, c.dialogRef(), sipbody.FormatReferTo(aor.String(), rep), consult.peer)
	return nil
}

// sendRefer sends REFER in c's dialog dlg and reports the outcome on the owner goroutine;
// NOTIFYs report the progress.
func (p *Phone) sendRefer(c *call, dlg dialogRef, referTo, who string) {
	ctx, cancel := context.WithTimeout(p.ctx, transferTimeout)
	defer cancel()
	a := p.account()
	by := a.aor()
	res, err := p.inDialog(ctx, dlg, sip.REFER, "", nil,
		sip.NewHeader("Refer-To", referTo), sip.NewHeader("Referred-By", "<"+by.String()+">"))
	p.post(func() {
		switch {
		case err != nil:
			p.notice(control.KindError, "Line %d: transfer to %s failed: %v", c.line, who, err)
		case !res.IsSuccess():
			p.notice(control.KindError, "Line %d: transfer to %s refused: %d %s", c.line, who, res.StatusCode, res.Reason)
		default:
			p.notice(control.KindInfo, "Line %d: transferring to %s", c.line, who)
			c.transferTo = who
		}
	})
}

// onReferNotify receives the NOTIFYs reporting progress of a REFER we sent (message/sipfrag).
func (p *Phone) onReferNotify(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		code, reason, err := sipbody.ParseSipfrag(req.Body())
		if err != nil {
			respond(tx, req, 400, "Bad Request ("+err.Error()+")")
			return
		}
		respond(tx, req, 200, "OK")
		switch {
		case code < 200:
			p.notice(control.KindInfo, "Line %d: transfer to %s: %d %s", c.line, c.transferTo, code, reason)
		case code < 300:
			p.notice(control.KindInfo, "Line %d: transfer to %s succeeded", c.line, c.transferTo)
			p.endCall(c, "transferred to "+c.transferTo, 1)
			if o := c.consult; o != nil {
				// Our part is over: the consultation call is replaced at the far end, and a far
				// end that does not support Replaces must not be left holding it.
				c.consult = nil
				p.endCall(o, "attended transfer completed", 1)
			}
		default:
			p.notice(control.KindError, "Line %d: transfer to %s failed: %d %s", c.line, c.transferTo, code, reason)
		}
	})
}
