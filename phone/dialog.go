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

// inDialog sends a request inside the call's dialog through the request path and waits for its
// final response, answering one digest challenge (a challenge it cannot answer is returned as
// the response). For a 2xx to INVITE it also sends the ACK.
func (p *Phone) inDialog(ctx context.Context, c *call, method sip.RequestMethod, contentType string, body []byte, headers ...sip.Header) (*sip.Response, error) {
	dlg := c.dialog()
	target, err := c.remoteTarget()
	if dlg == nil || err != nil {
		return nil, fmt.Errorf("%w: line %d has no established dialog", ErrWrongState, c.line)
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
		ack := sip.NewRequest(sip.ACK, target)
		if err := dlg.WriteRequest(ack); err != nil {
			p.log.Warn("ACK for re-INVITE failed", "line", c.line, "error", err)
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
