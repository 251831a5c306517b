package phone

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipua"
)

// Reliable provisional responses (RFC 3262, 100rel/PRACK), both sides of the INVITE.
//
// As UAS we send our 180 (with our offer when the INVITE had none) reliably when the INVITE
// requires 100rel, or supports it and use100rel=required: Require: 100rel and an RSeq,
// retransmitted from T1 doubling until the PRACK with the matching RAck arrives; after
// 64*T1 without one the INVITE is refused 504. A PRACK matching nothing outstanding gets
// 481. The 2xx is not sent before the reliable 180 is PRACKed.
//
// As UAC our INVITEs say Supported: 100rel (Require: 100rel under use100rel=required); every
// new reliable 18x (RSeq above the last one) is PRACKed inside the early dialog, and an SDP
// answer in it is taken as the answer (early media).

// errNoPrack ends an incoming call whose reliable provisional response was never PRACKed.
var errNoPrack = errors.New("no PRACK for our reliable provisional response within 64*T1")

// uasReliable reports whether our provisional responses to req are sent reliably.
func (p *Phone) uasReliable(req *sip.Request) bool {
	switch p.params.Get("use100rel") {
	case "off":
		return false
	case "required":
		return hasOptionTag(req, "Require", "100rel") || hasOptionTag(req, "Supported", "100rel")
	}
	return hasOptionTag(req, "Require", "100rel")
}

// sendReliable sends a reliable provisional response to the INVITE of dlg and waits for its
// PRACK, retransmitting from T1 doubling (RFC 3262 section 3). It returns the PRACK's body
// (an SDP answer when body was our offer), errNoPrack after 64*T1, or the INVITE
// transaction's end (CANCEL). Signalling goroutine.
func (p *Phone) sendReliable(c *call, dlg *sipgo.DialogServerSession, code int, reason string, body []byte) ([]byte, error) {
	var rseq uint32
	got := make(chan []byte, 1)
	p.run(func() {
		if c.inv.rseq == 0 {
			c.inv.rseq = 1 + rand.Uint32N(1<<31-2) // RFC 3262 section 3: 1 .. 2**31-1
		} else {
			c.inv.rseq++
		}
		rseq = c.inv.rseq
		c.inv.prackWait = got
	})
	res := sip.NewResponseFromRequest(dlg.InviteRequest, code, reason, body)
	res.AppendHeader(sip.NewHeader("Require", "100rel"))
	res.AppendHeader(sip.NewHeader("RSeq", strconv.FormatUint(uint64(rseq), 10)))
	res.AppendHeader(sip.NewHeader("Allow", allowMethods))
	res.AppendHeader(sip.NewHeader("Supported", p.supportedOptions()))
	if len(body) > 0 {
		res.AppendHeader(sip.NewHeader("Content-Type", "application/sdp"))
	}
	if err := dlg.WriteResponse(res); err != nil {
		return nil, err
	}
	interval := sip.T1
	timer := time.NewTimer(interval)
	defer timer.Stop()
	deadline := time.NewTimer(64 * sip.T1)
	defer deadline.Stop()
	for {
		select {
		case b := <-got:
			return b, nil
		case <-timer.C:
			if err := dlg.WriteResponse(res); err != nil {
				return nil, err
			}
			interval *= 2
			timer.Reset(interval)
		case <-deadline.C:
			p.post(func() {
				if c.inv.prackWait == got {
					c.inv.prackWait = nil
				}
			})
			return nil, errNoPrack
		case <-dlg.Context().Done():
			return nil, fmt.Errorf("the caller cancelled: %w", context.Cause(dlg.Context()))
		}
	}
}

// parseRAck reads a PRACK's RAck header: response-num CSeq-num Method (RFC 3262 7.2).
func parseRAck(req *sip.Request) (rseq, cseq uint32, method string, err error) {
	h := req.GetHeader("RAck")
	if h == nil {
		return 0, 0, "", errors.New("no RAck header")
	}
	f := strings.Fields(h.Value())
	if len(f) != 3 {
		return 0, 0, "", fmt.Errorf("malformed RAck %q", h.Value())
	}
	r, err1 := strconv.ParseUint(f[0], 10, 32)
	s, err2 := strconv.ParseUint(f[1], 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, "", fmt.Errorf("malformed RAck %q", h.Value())
	}
	return uint32(r), uint32(s), strings.ToUpper(f[2]), nil
}

// onPrack answers PRACK (RFC 3262 section 3): 200 when its RAck names the reliable
// provisional response we are retransmitting, 481 otherwise (unknown RSeq, another
// transaction, nothing outstanding), with an event naming the refusal; the call is left as
// it was.
func (p *Phone) onPrack(req *sip.Request, tx sip.ServerTransaction) {
	p.withCall(req, tx, func(c *call) {
		rseq, cseq, method, err := parseRAck(req)
		if err != nil {
			respond(tx, req, 400, "Bad Request ("+err.Error()+")")
			return
		}
		var inviteCSeq uint32
		if c.in != nil && c.in.InviteRequest.CSeq() != nil {
			inviteCSeq = c.in.InviteRequest.CSeq().SeqNo
		}
		if c.inv.prackWait == nil || rseq != c.inv.rseq || cseq != inviteCSeq || method != "INVITE" {
			p.notice(control.KindError, "Line %d: PRACK from %s for RSeq %d (CSeq %d %s) matches no reliable response of ours (outstanding RSeq %d); answered 481",
				c.line, c.peer, rseq, cseq, method, c.inv.rseq)
			respond(tx, req, 481, "Call/Transaction Does Not Exist (RAck matches no reliable provisional response)")
			return
		}
		// Our 200 to the PRACK goes out before the INVITE's 2xx it unblocks.
		tx.Respond(sip.NewResponseFromRequest(req, 200, "OK", nil))
		c.inv.prackWait <- req.Body()
		c.inv.prackWait = nil
	})
}

// uacPrack handles a provisional response to our INVITE: a reliable one (Require: 100rel
// and RSeq) newer than *last is PRACKed in its early dialog, and reported new; a
// retransmission (RSeq not above *last) is not. Unreliable responses are always new. Runs
// inside WaitAnswer's OnResponse, the only goroutine touching dlg then, so the PRACK is
// built and sent there; its answer is awaited in the background.
func (p *Phone) uacPrack(c *call, dlg *sipgo.DialogClientSession, res *sip.Response, last *uint32) bool {
	if res.StatusCode <= 100 || !hasOptionTag(res, "Require", "100rel") {
		return true
	}
	h := res.GetHeader("RSeq")
	if h == nil {
		p.log.Warn("reliable provisional response without RSeq", "line", c.line, "status", res.StatusCode)
		return true
	}
	n, err := strconv.ParseUint(strings.TrimSpace(h.Value()), 10, 32)
	if err != nil || n == 0 {
		p.log.Warn("reliable provisional response with a bad RSeq", "line", c.line, "rseq", h.Value())
		return true
	}
	rseq := uint32(n)
	if *last != 0 && rseq <= *last {
		return false // a retransmission: our PRACK for it is already out
	}
	*last = rseq
	if err := p.sendPrack(dlg, res, rseq); err != nil {
		p.log.Warn("PRACK failed", "line", c.line, "rseq", rseq, "error", err)
	}
	return true
}

// sendPrack builds the PRACK for a reliable provisional response (RFC 3262 section 7.2:
// RAck = RSeq, the INVITE's CSeq number and method) in the early dialog it created and
// sends it; its final response is awaited in the background (the transaction retransmits).
// It is built by the request path (sipua) but started here, not by sipua.Do: WaitAnswer
// updates the early dialog meanwhile, so the transaction must start before OnResponse
// returns, and nothing waits for the PRACK's answer.
func (p *Phone) sendPrack(dlg *sipgo.DialogClientSession, res *sip.Response, rseq uint32) error {
	target := dlg.InviteRequest.Recipient
	if ct := res.Contact(); ct != nil {
		target = ct.Address
	}
	cseq := dlg.InviteRequest.CSeq()
	req := sipua.NewRequest(sip.PRACK, target,
		sipua.Field("RAck", fmt.Sprintf("%d %d %s", rseq, cseq.SeqNo, cseq.MethodName)),
		sipua.Field("User-Agent", p.userAgent()))
	ctx, cancel := context.WithTimeout(p.ctx, 64*sip.T1)
	tx, err := dlg.TransactionRequest(ctx, req)
	if err != nil {
		cancel()
		return err
	}
	go func() {
		defer cancel()
		defer tx.Terminate()
		if r, err := sipua.Final(ctx, tx, sip.PRACK); err == nil && !r.IsSuccess() {
			p.log.Warn("PRACK refused", "status", r.StatusCode, "reason", r.Reason, "rseq", rseq)
		}
	}()
	return nil
}
