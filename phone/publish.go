package phone

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/presence"
	"softphone/phone/sipua"
)

// SetPresenceStatus sets our presence (Online, Away, DND, Invisible, Offline) and publishes
// it (PUBLISH with PIDF) while registered.
func (p *Phone) SetPresenceStatus(status string) error {
	norm, err := presence.NormalizeStatus(status)
	if err != nil {
		return fmt.Errorf("setpresencestatus: %w", err)
	}
	if !p.run(func() {
		p.presenceStatus = norm
		p.publishPresence()
	}) {
		return ErrClosed
	}
	return nil
}

// CheckPresence watches the presence of users (comma-separated); their status arrives as
// presence events.
func (p *Phone) CheckPresence(users string) error {
	list := splitList(users)
	if len(list) == 0 {
		return fmt.Errorf("checkpresence: no users given")
	}
	var err error
	if !p.run(func() {
		for _, u := range list {
			if e := p.subscribe("presence", u); e != nil && err == nil {
				err = fmt.Errorf("checkpresence: %q: %w", u, e)
			}
		}
	}) {
		return ErrClosed
	}
	return err
}

// publishPresence publishes our status when registered: the running publisher modifies its
// publication in place (SIP-If-Match), so watchers never see a gap between two statuses.
// Owner goroutine.
func (p *Phone) publishPresence() {
	if !p.regSnap.Registered || p.presenceStatus == "" {
		return
	}
	if p.publisher != nil {
		select {
		case p.pubStatus <- p.presenceStatus:
		default:
			<-p.pubStatus // replace a status not yet taken
			p.pubStatus <- p.presenceStatus
		}
		return
	}
	ctx, cancel := context.WithCancel(p.ctx)
	p.publisher = cancel
	p.pubStatus = make(chan string, 1)
	go p.runPublish(ctx, p.sip, p.presenceStatus, p.pubStatus, p.account())
}

// runPublish keeps our presence published (RFC 3903): initial PUBLISH with the PIDF, then
// refreshes with SIP-If-Match; removed (Expires: 0) when stopped. It sends through st, the
// stack it was started on.
func (p *Phone) runPublish(ctx context.Context, st *sipStack, status string, updates <-chan string, a account) {
	aor := a.aor()
	body := presence.BuildPIDF(aor.String(), status, "")
	etag := ""
	cseq := uint32(0)
	callID := sip.GenerateTagN(24) + "@" + st.host
	send := func(expires int, withBody bool) error {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cseq++
		var pidf sipua.Option
		if withBody {
			pidf = sipua.Body("application/pidf+xml", body)
		}
		req := sipua.NewRequest(sip.PUBLISH, aor,
			sipua.From(a.from()),
			sipua.To(&sip.ToHeader{Address: aor, Params: sip.NewParams()}),
			sipua.CallID(callID),
			sipua.CSeq(cseq),
			sipua.Field("Event", "presence"),
			sipua.Expires(expires),
			sipua.Field("SIP-If-Match", etag),
			p.customHeaderOption(),
			pidf,
			st.outbound(a.outbound()))
		res, err := st.send(c, req, a.cred())
		cseq = req.CSeq().SeqNo // the challenge answer took the next one
		if err != nil {
			return err
		}
		if res.StatusCode == 412 { // our entity tag expired: publish afresh
			etag = ""
		}
		if !res.IsSuccess() {
			return fmt.Errorf("%d %s", res.StatusCode, res.Reason)
		}
		if h := res.GetHeader("SIP-ETag"); h != nil {
			etag = h.Value()
		}
		return nil
	}
	expires := p.params.Int("subscribeexpires")
	withBody := true
	for {
		wait := time.Duration(expires) * time.Second * 8 / 10
		if err := send(expires, withBody || etag == ""); err != nil {
			p.log.Info("presence PUBLISH failed", "status", status, "error", err)
			failed := status
			p.post(func() { p.notice(control.KindError, "Could not publish presence %s: %v", failed, err) })
			wait = 30 * time.Second
		} else {
			withBody = false
		}
		select {
		case <-time.After(wait):
		case status = <-updates:
			body = presence.BuildPIDF(aor.String(), status, "")
			withBody = true
		case <-ctx.Done():
			if etag != "" {
				send(0, false)
			}
			return
		}
	}
}
