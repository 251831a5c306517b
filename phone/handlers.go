package phone

import (
	"context"
	"net"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// installHandlers routes incoming requests to the phone.
func (p *Phone) installHandlers(srv *sipgo.Server) {
	srv.OnInvite(p.onInvite)
	srv.OnAck(p.onAck)
	srv.OnBye(p.onBye)
	srv.OnCancel(func(req *sip.Request, tx sip.ServerTransaction) {
		// CANCELs matching a ringing INVITE are answered by the transaction layer.
		respond(tx, req, 481, "Call/Transaction Does Not Exist")
	})
	srv.OnOptions(func(req *sip.Request, tx sip.ServerTransaction) {
		if code, why := p.screenRequest(req); code != 0 {
			respond(tx, req, code, why)
			return
		}
		res := sip.NewResponseFromRequest(req, 200, "OK", nil)
		res.AppendHeader(sip.NewHeader("Allow", allowMethods))
		res.AppendHeader(sip.NewHeader("Accept", "application/sdp"))
		tx.Respond(res)
	})
	srv.OnUpdate(p.onUpdate)
	srv.OnInfo(p.onInfo)
	srv.OnRefer(p.onRefer)
	srv.OnMessage(p.onMessage)
	srv.OnNotify(p.onNotify)
}

// respond answers a request, logging failures.
func respond(tx sip.ServerTransaction, req *sip.Request, code int, reason string) {
	tx.Respond(sip.NewResponseFromRequest(req, code, reason, nil))
}

// screenRequest checks an out-of-dialog request: well-formed, and (while registered) from the
// registrar or proxy unless allowdirectcalls is set. It returns 0 when the request may proceed.
func (p *Phone) screenRequest(req *sip.Request) (int, string) {
	if req.CallID() == nil || req.From() == nil || req.To() == nil || req.CSeq() == nil || req.Via() == nil {
		return 400, "Bad Request (missing Call-ID, From, To, CSeq or Via)"
	}
	if req.CSeq().MethodName != req.Method {
		return 400, "Bad Request (CSeq method does not match)"
	}
	if req.Method == sip.INVITE && req.Contact() == nil {
		return 400, "Bad Request (missing Contact)"
	}
	if p.params.Bool("allowdirectcalls") {
		return 0, ""
	}
	var registered bool
	p.statusMu.RLock()
	registered = p.status.Registered
	p.statusMu.RUnlock()
	if !registered {
		return 0, ""
	}
	if _, _, err := net.SplitHostPort(req.Source()); err != nil {
		return 400, "Bad Request"
	}
	if p.fromServer(req) {
		return 0, ""
	}
	p.log.Warn("refused request from an address that is not the registrar", "method", req.Method, "source", req.Source())
	return 403, "Forbidden (direct requests are not allowed; see parameter allowdirectcalls)"
}

// sameHost reports whether host (name or IP) resolves to ip.
func sameHost(host, ip string) bool {
	if host == ip {
		return true
	}
	addrs, err := net.LookupHost(host)
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if net.ParseIP(a).Equal(net.ParseIP(ip)) {
			return true
		}
	}
	return false
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
	var err error
	switch {
	case c.out != nil:
		err = c.out.Bye(ctx)
	case c.in != nil:
		err = c.in.Bye(ctx)
	}
	if err != nil && !strings.Contains(err.Error(), "ended") {
		p.log.Warn("BYE failed", "line", c.line, "error", err)
	}
	p.post(func() { p.finish(c, c.reason, c.disparty) })
}
