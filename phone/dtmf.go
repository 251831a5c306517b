package phone

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/audio"
	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sipbody"
)

// DTMF timing.
const (
	dtmfDuration = 120 * time.Millisecond // tone length of one digit
	dtmfGap      = 80 * time.Millisecond  // silence between digits
	dtmfPause    = 500 * time.Millisecond // what a space in the digit string waits
)

// dtmfChars are the characters DTMF can carry; a space is a pause.
const dtmfChars = control.DTMFDigits + " "

// DTMF sends digits on the call on line (0: current) by the dtmfmode parameter: RFC 4733
// telephone-events, SIP INFO, or both. A space in digits is a pause. Digits are queued and
// sent in order; the local user hears each one.
func (p *Phone) DTMF(line int, digits string) error {
	if digits == "" {
		return fmt.Errorf("dtmf: no digits given")
	}
	for i, r := range digits {
		if !strings.ContainsRune(dtmfChars, unicode.ToUpper(r)) {
			return fmt.Errorf("dtmf: %q at position %d of %q is not a DTMF digit (use 0-9 * # A-D, space for a pause)", r, i+1, digits)
		}
	}
	digits = strings.ToUpper(digits)
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err != nil {
			return
		}
		if c.state != control.StateInCall || c.session == nil && !c.echo {
			err = fmt.Errorf("%w: line %d is %s; DTMF needs a connected call", ErrWrongState, c.line, c.state)
			return
		}
		if c.dtmf == nil {
			c.dtmf = make(chan string, 64)
			go p.dtmfSender(c, c.dtmf, c.ended)
		}
		select {
		case c.dtmf <- digits:
		default:
			err = fmt.Errorf("%w: too many DTMF strings waiting on line %d", ErrWrongState, c.line)
		}
	}) {
		return ErrClosed
	}
	return err
}

// dtmfSender sends queued digit strings of one call until it ends.
func (p *Phone) dtmfSender(c *call, queue <-chan string, ended <-chan struct{}) {
	for {
		select {
		case <-ended:
			return
		case digits := <-queue:
			for _, d := range digits {
				if d == ' ' {
					time.Sleep(dtmfPause)
					continue
				}
				p.sendDigit(c, d)
				time.Sleep(dtmfGap)
			}
		}
	}
}

// sendDigit sends one digit by the configured mode and plays it locally.
func (p *Phone) sendDigit(c *call, d rune) {
	mode := p.params.Get("dtmfmode")
	var sess *media.Session
	var dlg dialogRef
	p.run(func() {
		sess, dlg = c.session, c.dialogRef()
		if tone, err := audio.NewDTMFTone(d); err == nil && p.engine != nil {
			p.engine.SetTone(tone)
			p.toneKind = "dtmf"
		}
	})
	defer p.post(func() {
		if p.engine != nil {
			p.updateTones()
		}
	})
	noTelephoneEvent := false // the far end did not accept telephone-event: INFO instead
	if sess != nil && (mode == "rfc4733" || mode == "both") {
		err := sess.SendDTMF(d, dtmfDuration)
		noTelephoneEvent = errors.Is(err, media.ErrNoDTMF)
		if err != nil && !noTelephoneEvent {
			p.post(func() { p.notice(control.KindError, "Line %d: DTMF %c by RTP failed: %v", c.line, d, err) })
		}
	} else {
		time.Sleep(dtmfDuration)
	}
	if !c.echo && (mode == "info" || mode == "both" || noTelephoneEvent) {
		ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
		defer cancel()
		res, err := p.inDialog(ctx, dlg, sip.INFO, "application/dtmf-relay", sipbody.FormatDTMFRelay(d, dtmfDuration))
		if err != nil || !res.IsSuccess() {
			why := fmt.Sprint(err)
			if err == nil {
				why = fmt.Sprintf("%d %s", res.StatusCode, res.Reason)
			}
			p.post(func() { p.notice(control.KindError, "Line %d: DTMF %c by SIP INFO failed: %s", c.line, d, why) })
		}
	}
}

// onInfo receives DTMF sent by SIP INFO (application/dtmf-relay or application/dtmf).
func (p *Phone) onInfo(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		if dlg := c.dialog(); dlg != nil {
			dlg.ReadRequest(req, tx)
		}
		ct := ""
		if h := req.ContentType(); h != nil {
			ct = strings.ToLower(h.Value())
		}
		if !strings.HasPrefix(ct, "application/dtmf") {
			if len(req.Body()) == 0 {
				respond(tx, req, 200, "OK")
			} else {
				respond(tx, req, 415, "Unsupported Media Type")
			}
			return
		}
		digit, _, err := sipbody.ParseDTMFRelay(req.Body())
		if err != nil {
			respond(tx, req, 400, "Bad Request ("+err.Error()+")")
			return
		}
		respond(tx, req, 200, "OK")
		p.receivedDigit(c, digit)
	})
}

// receivedDigit publishes a digit the far end sent. Owner goroutine.
func (p *Phone) receivedDigit(c *call, d rune) {
	snap := c.snapshot()
	p.publish(control.Event{Kind: control.KindDTMF, Line: &snap, Message: string(d), Notification: control.DTMFLine(c.line, d)})
}
