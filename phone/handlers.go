package phone

import (
	"context"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// installHandlers routes incoming requests to the phone.
func (p *Phone) installHandlers(srv *sipgo.Server) {
	// Strangers' out-of-dialog requests stop at screened (screening.go).
	on := func(set func(sipgo.RequestHandler), h sipgo.RequestHandler) { set(p.screened(srv, h)) }
	on(srv.OnInvite, p.onInvite)
	srv.OnAck(p.onAck)
	srv.OnBye(p.onBye)
	srv.OnCancel(func(req *sip.Request, tx sip.ServerTransaction) {
		// CANCELs matching a ringing INVITE are answered by the transaction layer.
		respond(tx, req, 481, "Call/Transaction Does Not Exist")
	})
	on(srv.OnOptions, p.onOptions) // sipcaps.go
	srv.OnPrack(p.onPrack)         // prack.go
	srv.OnUpdate(p.onUpdate)
	srv.OnInfo(p.onInfo)
	srv.OnRefer(p.onRefer)
	on(srv.OnMessage, p.onMessage)
	on(srv.OnNotify, p.onNotify)
	on(srv.OnNoRoute, func(req *sip.Request, tx sip.ServerTransaction) {
		res := sip.NewResponseFromRequest(req, 405, "Method Not Allowed", nil)
		res.AppendHeader(sip.NewHeader("Allow", allowMethods))
		tx.Respond(res)
	})
}

// respond answers a request, logging failures.
func respond(tx sip.ServerTransaction, req *sip.Request, code int, reason string) {
	tx.Respond(sip.NewResponseFromRequest(req, code, reason, nil))
}

// withCall runs f on the owner goroutine with the call whose Call-ID matches req; it
// answers 481 when there is none.
func (p *Phone) withCall(req *sip.Request, tx sip.ServerTransaction, f func(c *call)) {
	found := false
	id := ""
	if h := req.CallID(); h != nil {
		id = h.Value()
	}
	p.run(func() {
		if c := p.callByID(id); c != nil {
			found = true
			f(c)
		}
	})
	if !found && !req.IsAck() {
		respond(tx, req, 481, "Call/Transaction Does Not Exist")
	}
}

func (p *Phone) onAck(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		p.noteAck(c, req) // delayedoffer.go: the ACK may answer our offer
		if c.ackWait != nil {
			close(c.ackWait) // the ACK for our 2xx to a re-INVITE
			c.ackWait = nil
			return
		}
		if c.in != nil {
			c.in.ReadAck(req, tx)
		}
	})
}

func (p *Phone) onBye(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		var err error
		switch {
		case c.out != nil:
			err = c.out.ReadBye(req, tx)
		case c.in != nil:
			err = c.in.ReadBye(req, tx)
		default:
			respond(tx, req, 481, "Call/Transaction Does Not Exist")
			return
		}
		if err != nil {
			respond(tx, req, 481, "Call/Transaction Does Not Exist")
			return
		}
		p.stopMedia(c)
		p.finish(c, "the far end hung up (BYE)", 2)
	})
}

// byeTimeout bounds waiting for the answer to our BYE; the call is over either way.
const byeTimeout = 4 * time.Second

// sendBye ends an established call with BYE and reports when done.
func (p *Phone) sendBye(c *call) {
	ctx, cancel := context.WithTimeout(context.Background(), byeTimeout)
	defer cancel()
	err := p.writeBye(ctx, c)
	if err != nil && !strings.Contains(err.Error(), "ended") {
		p.log.Warn("BYE failed", "line", c.line, "error", err)
	}
	p.post(func() { p.finish(c, c.reason, c.disparty) })
}
