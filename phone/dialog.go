package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/sipua"
)

// dialogSession is what both sipgo dialog kinds (we called / we were called) offer for
// requests inside a call.
type dialogSession interface {
	TransactionRequest(ctx context.Context, req *sip.Request) (sip.ClientTransaction, error)
	WriteRequest(req *sip.Request) error
	ReadRequest(req *sip.Request, tx sip.ServerTransaction) error
}

// dialog returns the call's SIP dialog, nil before it exists.
func (c *call) dialog() dialogSession {
	switch {
	case c.out != nil:
		return c.out
	case c.in != nil:
		return c.in
	}
	return nil
}

// remoteTarget is where in-dialog requests go: the far end's Contact.
func (c *call) remoteTarget() (sip.Uri, error) {
	switch {
	case c.out != nil && c.out.InviteResponse != nil:
		if ct := c.out.InviteResponse.Contact(); ct != nil {
			return ct.Address, nil
		}
	case c.in != nil:
		if ct := c.in.InviteRequest.Contact(); ct != nil {
			return ct.Address, nil
		}
	}
	return sip.Uri{}, fmt.Errorf("%w: line %d has no established dialog", ErrWrongState, c.line)
}

// byeSender is a dialog session that ends itself with a BYE we built (sipgo marks the
// dialog ended when the BYE is answered 200).
type byeSender interface {
	WriteBye(ctx context.Context, bye *sip.Request) error
}

// newBye builds the BYE ending c's dialog through the request path, with headers added, and
// returns the session that sends it: to the far end's Contact (for a call we placed without
// one, the INVITE's Request-URI). Neither a session nor an error when the call has no dialog
// to end. Owner goroutine; the session and the request may then go to any goroutine.
func (c *call) newBye(headers ...sip.Header) (byeSender, *sip.Request, error) {
	switch {
	case c.out != nil:
		if c.out.InviteResponse == nil {
			return nil, nil, fmt.Errorf("bye: line %d has no answer to its INVITE yet", c.line)
		}
		target := c.out.InviteRequest.Recipient
		if ct := c.out.InviteResponse.Contact(); ct != nil {
			target = ct.Address
		}
		return c.out, sipua.NewRequest(sip.BYE, *target.Clone(), sipua.Header(headers...)), nil
	case c.in != nil:
		ct := c.in.InviteRequest.Contact()
		if ct == nil {
			return nil, nil, fmt.Errorf("bye: the INVITE of line %d had no Contact", c.line)
		}
		return c.in, sipua.NewRequest(sip.BYE, ct.Address, sipua.Header(headers...)), nil
	}
	return nil, nil, nil
}

// writeBye sends a BYE built by newBye and waits for its answer (bounded by ctx).
func writeBye(ctx context.Context, d byeSender, bye *sip.Request) error {
	if d == nil {
		return nil
	}
	return d.WriteBye(ctx, bye)
}

// dialogRef is what a request inside a call's dialog needs, taken on the owner goroutine
// (call.dialogRef) and handed to the goroutine that sends the request, which so reads no
// field of the call.
type dialogRef struct {
	line   int
	sess   dialogSession // nil when the call has no established dialog
	target sip.Uri       // the far end's Contact
}

// dialogRef returns what requests inside c's dialog need. Owner goroutine.
func (c *call) dialogRef() dialogRef {
	d := dialogRef{line: c.line}
	if target, err := c.remoteTarget(); err == nil {
		d.sess, d.target = c.dialog(), target
	}
	return d
}

// inDialog sends a request inside the dialog d through the request path and waits for its
// final response, answering one digest challenge (a challenge it cannot answer is returned as
// the response). For a 2xx to INVITE it also sends the ACK. Safe off the owner goroutine.
func (p *Phone) inDialog(ctx context.Context, d dialogRef, method sip.RequestMethod, contentType string, body []byte, headers ...sip.Header) (*sip.Response, error) {
	dlg, target := d.sess, d.target
	if dlg == nil {
		return nil, fmt.Errorf("%w: line %d has no established dialog", ErrWrongState, d.line)
	}
	req := sipua.NewRequest(method, target,
		sipua.Header(headers...),
		sipua.Field("User-Agent", p.userAgent()),
		p.customHeaderOption(),
		sipua.Body(contentType, body))
	res, err := challengeAsStatus(sipua.Do(ctx, sipua.InDialog(dlg), req, p.account().cred()))
	if err != nil {
		return nil, err
	}
	if method == sip.INVITE && res.IsSuccess() {
		ack := sipua.NewRequest(sip.ACK, target)
		if err := dlg.WriteRequest(ack); err != nil {
			p.log.Warn("ACK for re-INVITE failed", "line", d.line, "error", err)
		}
	}
	return res, nil
}

// respond2xxUntilAck sends a 2xx to an INVITE received inside a dialog and, on unreliable
// transports, retransmits it (T1 doubling to T2) until ack is closed or 64*T1 passes.
func respond2xxUntilAck(tx sip.ServerTransaction, res *sip.Response, ack <-chan struct{}, reliable bool) {
	if err := tx.Respond(res); err != nil || reliable {
		return
	}
	interval := sip.T1
	deadline := time.After(64 * sip.T1)
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		select {
		case <-ack:
			return
		case <-deadline:
			return
		case <-timer.C:
			if err := tx.Respond(res); err != nil {
				return
			}
			interval = min(2*interval, sip.T2)
			timer.Reset(interval)
		}
	}
}
