package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"
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

// inDialog sends a request inside the call's dialog and waits for its final response,
// answering one digest challenge. For a 2xx to INVITE it also sends the ACK.
func (p *Phone) inDialog(ctx context.Context, c *call, method sip.RequestMethod, contentType string, body []byte, headers ...sip.Header) (*sip.Response, error) {
	dlg := c.dialog()
	target, err := c.remoteTarget()
	if dlg == nil || err != nil {
		return nil, fmt.Errorf("%w: line %d has no established dialog", ErrWrongState, c.line)
	}
	a := p.account()
	build := func() *sip.Request {
		req := sip.NewRequest(method, target)
		for _, h := range headers {
			req.AppendHeader(sip.HeaderClone(h))
		}
		if contentType != "" {
			req.AppendHeader(sip.NewHeader("Content-Type", contentType))
		}
		req.AppendHeader(sip.NewHeader("User-Agent", p.userAgent()))
		req.SetBody(body)
		return req
	}
	req := build()
	res, err := doTransaction(ctx, dlg, req)
	if err == nil && (res.StatusCode == 401 || res.StatusCode == 407) && a.password != "" {
		retry := build()
		if aerr := authorize(retry, res, a.cred()); aerr == nil {
			res, err = doTransaction(ctx, dlg, retry)
			req = retry
		}
	}
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

// doTransaction runs one client transaction to its final response.
func doTransaction(ctx context.Context, dlg dialogSession, req *sip.Request) (*sip.Response, error) {
	tx, err := dlg.TransactionRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	defer tx.Terminate()
	for {
		select {
		case res := <-tx.Responses():
			if res.IsProvisional() {
				continue
			}
			return res, nil
		case <-tx.Done():
			return nil, fmt.Errorf("no final response to %s: %w", req.Method, tx.Err())
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
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
