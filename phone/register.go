package phone

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/event"
)

// Registration timing.
const (
	registerTimeout   = 10 * time.Second
	unregisterTimeout = 3 * time.Second
	retryMin          = 5 * time.Second
	retryMax          = 5 * time.Minute
)

// registrar keeps one account registered: REGISTER with digest auth, refresh before expiry,
// retry with backoff after failure, and unregister when stopped.
type registrar struct {
	p      *Phone
	acct   account
	stack  *sipStack
	callID sip.CallIDHeader
	cseq   uint32
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	unreg  chan bool
}

// shouldRegister applies the register parameter: 0 no, 1 when username and password are set, 2 yes.
func (p *Phone) shouldRegister() bool {
	switch p.params.Get("register") {
	case "0":
		return false
	case "2":
		return true
	}
	return p.params.Get("username") != "" && p.params.Get("password") != "" && p.params.Get("serveraddress") != ""
}

// register (re)starts registration with the current parameters. Owner goroutine.
func (p *Phone) register() error {
	a := p.account()
	if a.server == "" {
		return fmt.Errorf("%w: parameter serveraddress is empty; set the SIP server to register", ErrNotConfigured)
	}
	if a.user == "" {
		return fmt.Errorf("%w: parameter username is empty; set the SIP username to register", ErrNotConfigured)
	}
	if p.reg != nil {
		p.reg.stop(false)
	}
	ctx, cancel := context.WithCancel(p.ctx)
	r := &registrar{p: p, acct: a, stack: p.sip, callID: sip.CallIDHeader(sip.GenerateTagN(24)),
		ctx: ctx, cancel: cancel, done: make(chan struct{}), unreg: make(chan bool, 1), cseq: 1}
	p.reg = r
	p.setRegistration(event.Registration{Status: event.RegRegistering})
	go r.run()
	return nil
}

// unregister stops registration and removes our binding. Owner goroutine.
func (p *Phone) unregister() <-chan struct{} {
	if p.reg == nil {
		done := make(chan struct{})
		close(done)
		return done
	}
	done := p.reg.stop(true)
	p.reg = nil
	p.stopSubscriptions()
	if p.publisher != nil {
		p.publisher()
		p.publisher = nil
	}
	p.setRegistration(event.Registration{Status: event.RegUnregistered})
	return done
}

// stop ends the registrar; with unregister it first sends REGISTER with Expires: 0.
func (r *registrar) stop(unregister bool) <-chan struct{} {
	r.unreg <- unregister
	r.cancel()
	return r.done
}

// setRegistration records and publishes a registration change. Owner goroutine.
func (p *Phone) setRegistration(s event.Registration) {
	if s == p.regSnap {
		return
	}
	wasRegistered := p.regSnap.Registered
	p.regSnap = s
	p.refreshStatus()
	p.publish(event.Event{Kind: event.KindRegistration, Registration: &s, Notification: s.StatusLine()})
	if s.Status == event.RegFailed {
		p.notice(event.KindError, "Register failed: %s", s.Reason)
	}
	if s.Registered && !wasRegistered {
		p.watchAfterRegister()
	}
}

// report posts a registration change from the registrar goroutine, unless it was stopped.
func (r *registrar) report(s event.Registration) {
	r.p.post(func() {
		if r.p.reg == r {
			r.p.setRegistration(s)
		}
	})
}

func (r *registrar) run() {
	defer close(r.done)
	backoff := retryMin
	bound := false // whether the registrar may hold a binding of ours
	for {
		granted, err := r.send(r.acct.expires)
		var wait time.Duration
		bound = bound || err == nil
		if err != nil {
			r.report(event.Registration{Status: event.RegFailed, Reason: err.Error()})
			wait = backoff
			backoff = min(backoff*2, retryMax)
		} else {
			r.report(event.Registration{Registered: true, Status: event.RegRegistered, Expires: granted})
			backoff = retryMin
			wait = time.Duration(granted) * time.Second * 8 / 10
			wait = max(wait, time.Second)
		}
		select {
		case <-time.After(wait):
			if err != nil {
				r.report(event.Registration{Status: event.RegRegistering})
			}
		case <-r.ctx.Done():
			select {
			case unregister := <-r.unreg:
				if unregister && bound {
					r.send(0)
				}
			default:
			}
			return
		}
	}
}

// send performs one REGISTER transaction (with authentication) asking for expires seconds,
// and returns the expiry the registrar granted.
func (r *registrar) send(expires int) (int, error) {
	timeout := registerTimeout
	ctx := r.ctx
	if expires == 0 {
		ctx = context.Background() // unregistering continues after stop
		timeout = unregisterTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req := r.newRequest(expires)
	res, err := r.stack.client.Do(ctx, req)
	for attempt := 0; err == nil && attempt < 2 &&
		(res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired); attempt++ {
		if attempt == 1 {
			return 0, fmt.Errorf("wrong username or password: %s rejected the credentials of %q (%d %s)",
				r.acct.server, r.acct.authUser, res.StatusCode, res.Reason)
		}
		if r.acct.password == "" {
			return 0, fmt.Errorf("%s asks for a password (%d %s) but parameter password is empty",
				r.acct.server, res.StatusCode, res.Reason)
		}
		if aerr := authorize(req, res, r.acct.cred()); aerr != nil {
			return 0, fmt.Errorf("cannot authenticate to %s: %w", r.acct.server, aerr)
		}
		r.cseq++
		req.CSeq().SeqNo = r.cseq
		req.RemoveHeader("Via")
		res, err = r.stack.client.Do(ctx, req)
	}
	if err != nil {
		return 0, describeTransportError(r.acct, err, timeout)
	}
	switch {
	case res.IsSuccess():
		return grantedExpires(res, expires), nil
	case res.StatusCode == sip.StatusForbidden:
		return 0, fmt.Errorf("forbidden: %s refused user %q (403 %s)", r.acct.server, r.acct.user, res.Reason)
	case res.StatusCode == sip.StatusNotFound:
		return 0, fmt.Errorf("unknown user %q at %s (404 %s)", r.acct.user, r.acct.server, res.Reason)
	case res.StatusCode == 423:
		if h := res.GetHeader("Min-Expires"); h != nil {
			if n, perr := strconv.Atoi(h.Value()); perr == nil && n > 0 && expires > 0 {
				r.acct.expires = n
				return r.send(n)
			}
		}
	}
	return 0, fmt.Errorf("%s answered %d %s", r.acct.server, res.StatusCode, res.Reason)
}

// newRequest builds a REGISTER for the account.
func (r *registrar) newRequest(expires int) *sip.Request {
	req := sip.NewRequest(sip.REGISTER, r.acct.serverURI())
	req.AppendHeader(r.acct.from())
	to := &sip.ToHeader{Address: r.acct.aor(), Params: sip.NewParams()}
	req.AppendHeader(to)
	callID := r.callID
	req.AppendHeader(&callID)
	r.cseq++
	req.AppendHeader(&sip.CSeqHeader{SeqNo: r.cseq, MethodName: sip.REGISTER})
	contact := r.stack.contact(r.acct.user)
	req.AppendHeader(&contact)
	exp := sip.ExpiresHeader(expires)
	req.AppendHeader(&exp)
	req.AppendHeader(sip.NewHeader("Allow", allowMethods))
	req.AppendHeader(sip.NewHeader("User-Agent", r.p.userAgent()))
	req.SetTransport(r.stack.transport)
	req.SetDestination(r.acct.outbound())
	return req
}

// grantedExpires reads the expiry the registrar granted: our Contact's expires parameter,
// else the Expires header, else what we asked for.
func grantedExpires(res *sip.Response, asked int) int {
	for _, h := range res.GetHeaders("Contact") {
		if c, ok := h.(*sip.ContactHeader); ok {
			if v, ok := c.Params.Get("expires"); ok {
				if n, err := strconv.Atoi(v); err == nil && n > 0 {
					return n
				}
			}
		}
	}
	if h := res.GetHeader("Expires"); h != nil {
		if n, err := strconv.Atoi(h.Value()); err == nil && n > 0 {
			return n
		}
	}
	return asked
}

// describeTransportError turns a transaction error into a sentence naming the cause.
func describeTransportError(a account, err error, timeout time.Duration) error {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		name := dnsErr.Name
		if strings.HasPrefix(name, "_sip.") || strings.HasPrefix(name, "_sips.") {
			name = a.domain() // the SRV lookup name means nothing to a user
		}
		return fmt.Errorf("cannot resolve server name %q (DNS: %v)", name, dnsErr.Err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, sip.ErrTransactionTimeout):
		return fmt.Errorf("timeout: no answer from %s within %s", a.describeServer(), timeout)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("cancelled")
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return fmt.Errorf("cannot reach %s: %v", a.describeServer(), opErr.Err)
	}
	return fmt.Errorf("cannot reach %s: %v", a.describeServer(), err)
}

// allowMethods is the Allow header we send.
const allowMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY"

// registrationFailed is the registration state for an error.
func registrationFailed(err error) event.Registration {
	return event.Registration{Status: event.RegFailed, Reason: err.Error()}
}
