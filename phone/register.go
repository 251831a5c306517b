package phone

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
	"softphone/phone/sipua"
)

// Registration timing.
const (
	registerTimeout   = 10 * time.Second
	unregisterTimeout = 3 * time.Second
	retryMin          = 5 * time.Second
	retryMax          = 5 * time.Minute // registerretrymax's default
	// While the TCP connection to the registrar cannot be made (connection refused: the
	// registrar is restarting), the phone probes with a TCP connect this often and sends
	// REGISTER as soon as one succeeds. A refused connect costs one SYN, so probing every
	// 0.5-1 s is cheap, and a restarted registrar has the phone back within about a second.
	probeMin = 500 * time.Millisecond
	probeMax = time.Second
)

// registrar keeps one account registered: REGISTER with digest auth, refresh before expiry,
// retry with backoff after failure, failover between the configured servers, NAT discovery
// from the answer's Via, a watched TCP connection (flow) with keep-alives, and unregister
// when stopped. All its fields belong to its goroutine.
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

	unanswered bool // the last registerSomewhere had a server not answer (timeout, refused, lost)

	clock    clock
	resolver srvResolver
	rnd      *rand.Rand
	kick     chan string // a reason to re-register now (local address changed)

	cur       hop             // the server in use ("" before the first success)
	bound     *sip.Uri        // the Contact the server holds for us, nil when none
	flow      *flow           // TCP: the connection to the server in use
	stopKA    func()          // stops the keep-alive of the current flow/server
	asked     int             // the expiry we ask for
	minExp    int             // the registrar's Min-Expires, 0 when it said none
	natted    bool            // the registrar sees us behind NAT
	badEntry  map[string]bool // entries already reported as bad (reported once per registration)
	lastSeen  string          // the NAT decision already reported
	firstHost string          // host of the first configured server (never changes)
}

// shouldRegister applies the register parameter: 0 no, 1 when username and password (or md5)
// are set, 2 yes.
func (p *Phone) shouldRegister() bool {
	switch p.params.Get("register") {
	case "0":
		return false
	case "2":
		return true
	}
	secret := p.params.Get("password") != "" || p.params.Get("md5") != ""
	return p.params.Get("username") != "" && secret && p.params.Get("serveraddress") != ""
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
	a.dest = "" // the new registrar chooses again
	ctx, cancel := context.WithCancel(p.ctx)
	r := &registrar{p: p, acct: a, stack: p.sip, callID: sip.CallIDHeader(sip.GenerateTagN(24)),
		ctx: ctx, cancel: cancel, done: make(chan struct{}), unreg: make(chan bool, 1), cseq: 1,
		clock: p.clock, resolver: net.DefaultResolver, rnd: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		kick: make(chan string, 1), asked: a.expires, badEntry: map[string]bool{}}
	r.firstHost, _ = splitHostPort(a.server)
	p.reg = r
	p.setRegistration(control.Registration{Status: control.RegRegistering})
	go r.run()
	if p.params.Get("localip") == "" {
		go watchLocalAddr(ctx, r.clock, p.sip.localAddr(), func() string { return outboundIP(r.serverHost()) },
			func(old, cur string) {
				select {
				case r.kick <- fmt.Sprintf("local address changed from %s to %s", old, cur):
				default:
				}
			})
	}
	return nil
}

// serverHost is the host the local-address check routes towards (read from any goroutine:
// the server in use as the stack records it, else the first configured one).
func (r *registrar) serverHost() string {
	if cur := r.stack.servers.get(); cur.addr != "" {
		h, _ := splitHostPort(cur.addr)
		return h
	}
	return r.firstHost
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
	p.setRegistration(control.Registration{Status: control.RegUnregistered})
	return done
}

// stop ends the registrar; with unregister it first sends REGISTER with Expires: 0.
func (r *registrar) stop(unregister bool) <-chan struct{} {
	r.unreg <- unregister
	r.cancel()
	return r.done
}

// setRegistration records and publishes a registration change. Owner goroutine.
func (p *Phone) setRegistration(s control.Registration) {
	if s == p.regSnap {
		return
	}
	wasRegistered := p.regSnap.Registered
	p.regSnap = s
	p.refreshStatus()
	p.publish(control.Event{Kind: control.KindRegistration, Registration: &s, Notification: s.StatusLine()})
	if s.Status == control.RegFailed {
		p.notice(control.KindError, "Register failed: %s", s.Reason)
	}
	if s.Registered && !wasRegistered {
		p.subsOff = nil // a new registration: kinds the server refused are tried again
		p.watchAfterRegister()
		p.requestCredit() // httprequests.go
	}
}

// report posts a registration change from the registrar goroutine, unless it was stopped.
func (r *registrar) report(s control.Registration) {
	r.p.post(func() {
		if r.p.reg == r {
			r.p.setRegistration(s)
		}
	})
}

// notice posts a user-facing event from the registrar goroutine, unless it was stopped.
func (r *registrar) notice(kind control.Kind, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.p.post(func() {
		if r.p.reg == r {
			r.p.notice(kind, "%s", msg)
		}
	})
}

// retryMax is the longest wait between failed registrations: registerretrymax seconds
// (a kiosk sets it low to be back within seconds of its PBX), at least retryMin.
func (r *registrar) retryMax() time.Duration {
	return max(time.Duration(r.p.params.Int("registerretrymax"))*time.Second, retryMin)
}

func (r *registrar) run() {
	defer close(r.done)
	defer r.dropFlow()
	retry := newRetryWait()
	retry.max = r.retryMax()
	for {
		granted, err, refused := r.registerSomewhere()
		var wait time.Duration
		if err != nil {
			r.report(control.Registration{Status: control.RegFailed, Reason: err.Error()})
			wait = retry.failed(refused)
			if r.unanswered {
				r.p.post(func() { r.p.noAnswer(r) }) // autotransportdetect (transportdetect.go)
			}
		} else {
			r.report(control.Registration{Registered: true, Status: control.RegRegistered, Expires: granted})
			r.p.post(func() { r.p.answered(r) })
			retry = newRetryWait()
			retry.max = r.retryMax()
			wait = time.Duration(granted) * time.Second * 8 / 10
			wait = max(wait, time.Second)
		}
		var lost <-chan struct{}
		if r.flow != nil {
			lost = r.flow.lost
		}
		select {
		case <-r.clock.After(wait):
			if err != nil {
				r.report(control.Registration{Status: control.RegRegistering})
			}
		case <-lost:
			r.notice(control.KindInfo, "Connection to %s lost (%s): registering again", r.describe(r.cur), r.flow.cause())
			r.dropFlow()
		case why := <-r.kick:
			r.notice(control.KindInfo, "%s: registering again at %s", capitalize(why), r.describe(r.cur))
			r.stack.setContactAddr(outboundIP(r.serverHost()), "", 0)
			r.dropFlow()
		case <-r.ctx.Done():
			select {
			case unregister := <-r.unreg:
				if unregister && r.bound != nil && r.cur.addr != "" {
					r.send(r.cur, 0)
				}
			default:
			}
			return
		}
	}
}

// retryWait is the registrar's wait before its next attempt after a failure: backoff
// doubling from retryMin up to max (registerretrymax; retryMax by default) or, when every TCP connect was refused (the registrar
// is (re)starting), a probe soon, doubling from probeMin up to probeMax. A success starts
// both over (newRetryWait).
type retryWait struct{ backoff, probe, max time.Duration }

// newRetryWait is the wait schedule before any failure.
func newRetryWait() retryWait { return retryWait{backoff: retryMin, probe: probeMin, max: retryMax} }

// failed returns the wait after one more failed attempt.
func (w *retryWait) failed(refused bool) time.Duration {
	if refused {
		d := w.probe
		w.probe = min(w.probe*2, probeMax)
		return d
	}
	d := w.backoff
	w.backoff = min(w.backoff*2, w.max)
	return d
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// describe names a server for events: the entry and, when it differs, the address.
func (r *registrar) describe(h hop) string {
	if h.entry == "" {
		return r.acct.server
	}
	if h.addr == "" || strings.EqualFold(h.addr, h.entry) {
		return h.entry
	}
	return fmt.Sprintf("%s (%s)", h.entry, h.addr)
}

// errFailover marks an answer after which the next server is tried: no answer, a transport
// error or a 5xx.
type errFailover struct {
	err     error
	refused bool // TCP connect refused (nothing listens: a registrar restarting)
}

func (e *errFailover) Error() string { return e.err.Error() }
func (e *errFailover) Unwrap() error { return e.err }

// registerSomewhere registers at the server in use, or, when it fails over (timeout,
// transport error, 5xx), at the next configured server, resolving each as it goes. It
// returns the granted expiry; refused says every failure was a refused TCP connect.
func (r *registrar) registerSomewhere() (int, error, bool) {
	entries := r.acct.servers
	if len(entries) == 0 {
		entries = []string{r.acct.server}
	}
	var notTried string
	if !r.p.params.Bool("enablefallback") && len(entries) > 1 {
		// enablefallback=false: the first server only (serveraddressfirst when set).
		notTried = fmt.Sprintf(" (enablefallback=false: %s not tried)", strings.Join(entries[1:], ", "))
		entries = entries[:1]
	}
	// Start with the server in use, then the others in their configured order.
	start := 0
	for i, e := range entries {
		if strings.EqualFold(e, r.cur.entry) {
			start = i
		}
	}
	var causes []string
	refused := true
	r.unanswered = false
	prev := r.cur
	for k := range entries {
		entry := entries[(start+k)%len(entries)]
		rctx, cancel := context.WithTimeout(r.ctx, registerTimeout)
		// With webrtcserveraddress the registrar is reached at its WebSocket server; the entry
		// still names the domain.
		hops, err := resolveServer(rctx, r.resolver, r.rnd, firstNonEmpty(r.acct.wsServer, entry), r.acct.transport)
		cancel()
		for i := range hops {
			hops[i].entry = entry
		}
		if err != nil {
			if r.ctx.Err() != nil {
				return 0, fmt.Errorf("cancelled"), false
			}
			if !r.badEntry[entry] {
				r.badEntry[entry] = true
				r.notice(control.KindError, "Server %q: %v; trying the others", entry, err)
			}
			causes = append(causes, err.Error())
			refused = false
			continue
		}
		// The address in use first, so a refresh does not hop between SRV targets.
		for i, h := range hops {
			if h.addr == r.cur.addr && i > 0 {
				hops[0], hops[i] = hops[i], hops[0]
			}
		}
		for _, h := range hops {
			granted, err := r.send(h, r.expiresToAsk())
			if err == nil {
				r.settle(h, prev, causes)
				return granted, nil, false
			}
			if r.ctx.Err() != nil {
				return 0, fmt.Errorf("cancelled"), false
			}
			var fo *errFailover
			if !errors.As(err, &fo) {
				return 0, err, false // wrong password, forbidden, ...: another server will not help
			}
			r.unanswered = true
			refused = refused && fo.refused
			causes = append(causes, fmt.Sprintf("%s: %v", r.describe(h), err))
			r.p.log.Info("server failed", "server", r.describe(h), "error", err)
			if r.cur.addr == h.addr {
				r.bound = nil // the server in use failed: its binding is gone or will be
			}
		}
	}
	if len(causes) == 1 {
		return 0, errors.New(causes[0] + notTried), refused
	}
	return 0, fmt.Errorf("no server answered: %s%s", strings.Join(causes, "; "), notTried), refused
}

// settle records h as the server in use after a successful REGISTER and says so when it
// changed.
func (r *registrar) settle(h, prev hop, causes []string) {
	r.stack.servers.set(serverInUse{entry: h.entry, addr: h.addr})
	r.acct.server, r.acct.dest = h.entry, h.addr
	if h.addr == prev.addr {
		return
	}
	switch {
	case prev.addr == "":
		r.notice(control.KindInfo, "Using server %s (%s)", r.describe(h), h.how)
	default:
		r.notice(control.KindInfo, "Moved from server %s to %s (%s): %s", r.describe(prev), r.describe(h), h.how,
			strings.Join(causes, "; "))
	}
}

// expiresToAsk is the registration lifetime to ask for: registerexpires, about a minute
// while behind NAT, never below the registrar's Min-Expires.
func (r *registrar) expiresToAsk() int {
	e := r.asked
	if r.natted {
		e = min(e, natExpires)
	}
	return max(e, r.minExp)
}

// send performs one REGISTER transaction (with authentication) at h asking for expires
// seconds, learns NAT from the answer (re-registering at once with the public Contact when
// it differs), and returns the expiry the registrar granted.
func (r *registrar) send(h hop, expires int) (int, error) {
	if h.entry != r.cur.entry && r.cur.entry != "" {
		// Another registrar: a new Call-ID, and no binding there yet.
		r.callID = sip.CallIDHeader(sip.GenerateTagN(24))
		r.bound = nil
	}
	if h.addr != r.cur.addr {
		r.dropFlow()
	}
	r.cur = h
	r.acct.server, r.acct.dest = h.entry, h.addr
	if u := r.stack.udpPeer; u != nil {
		if err := u.connect(h.addr); err != nil {
			return 0, err
		}
	}
	// A Contact that changed since the server bound the old one (local address changed, NAT
	// gone) replaces it in the same REGISTER.
	var remove []sip.Uri
	if r.bound != nil && expires > 0 {
		remove = append(remove, *r.bound)
	}
	granted, res, err := r.transact(expires, remove...)
	if err != nil || expires == 0 {
		if expires == 0 {
			r.bound = nil
		}
		return granted, err
	}
	contact := r.stack.contact(r.acct.user)
	r.bound = &contact.Address
	r.startKeepAlive()
	v, ok := seenVia(res)
	if !ok {
		return granted, nil
	}
	d := r.stack.rport.decide(decideContact(r.stack.transport, r.stack.localAddr(), r.stack.port, v), v, r.stack.localAddr(), r.stack.port)
	r.natted = d.natted
	r.reportNAT(d, v)
	if d.natted {
		r.stack.setContactAddr(r.stack.localAddr(), d.host, d.port)
	} else {
		r.stack.setContactAddr(r.stack.localAddr(), "", 0)
	}
	old := *r.bound
	if host, port := r.stack.contactAddr(); host == old.Host && port == old.Port {
		return granted, nil
	}
	// The registrar sees us elsewhere: advertise that address from now on and replace the
	// binding in one REGISTER (the new Contact, the old one with expires=0).
	granted2, _, err := r.transact(r.expiresToAsk(), old)
	if err != nil {
		return 0, fmt.Errorf("re-registering with the public Contact %s: %w", d.seen, err)
	}
	contact = r.stack.contact(r.acct.user)
	r.bound = &contact.Address
	return granted2, nil
}

// reportNAT says once per change how the registrar sees us.
func (r *registrar) reportNAT(d contactDecision, v viaSeen) {
	key := fmt.Sprintf("%v|%s", d.natted, d.seen)
	if key == r.lastSeen {
		return
	}
	r.lastSeen = key
	switch {
	case d.natted:
		r.notice(control.KindInfo, "Behind NAT: %s sees the phone at %s; registering that address as Contact, every %d s",
			r.describe(r.cur), d.seen, r.expiresToAskNAT())
	case v.received == "" && v.rport == 0:
		r.p.log.Info("registrar reports no received/rport; keeping the local Contact", "server", r.describe(r.cur))
	default:
		r.p.log.Info("no NAT between the phone and the registrar", "server", r.describe(r.cur), "seen", d.seen)
	}
}

func (r *registrar) expiresToAskNAT() int { return max(min(r.asked, natExpires), r.minExp) }

// transact sends REGISTER with our current Contact (and, with remove, those Contacts with
// expires=0) and handles the digest challenge and 423. It returns the granted expiry and
// the final response.
func (r *registrar) transact(expires int, remove ...sip.Uri) (int, *sip.Response, error) {
	timeout := registerTimeout
	ctx := r.ctx
	if expires == 0 {
		ctx = context.Background() // unregistering continues after stop
		timeout = unregisterTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if r.stack.websocket() && r.flow != nil && r.flowLost() {
		r.dropFlow() // sipgo dials a new WebSocket connection with this REGISTER (wsflow.go)
	}
	if r.stack.streamed() && (r.flow == nil || r.flowLost()) {
		r.dropFlow()
		host, _ := splitHostPort(firstNonEmpty(r.cur.entry, r.acct.server))
		f, err := r.stack.dialFlow(ctx, r.cur.addr, host, r.describe(r.cur))
		if err != nil {
			return 0, nil, r.flowFailed(err)
		}
		r.flow = f
	}

	req := r.newRequest(expires, remove...)
	res, err := r.stack.do(ctx, req, r.acct.cred())
	r.cseq = req.CSeq().SeqNo // the challenge answer took the next one
	if err == nil && res != nil && res.IsSuccess() {
		r.p.applyMParam(res, r.describe(r.cur)) // mparam.go: parameters the registrar pushes
	}
	var ce *sipua.ChallengeError
	if errors.As(err, &ce) {
		switch ce.Why {
		case sipua.CredentialsSent:
			return 0, res, fmt.Errorf("wrong username or password: %s rejected the credentials of %q (%d %s)",
				r.acct.server, r.acct.authUser, res.StatusCode, res.Reason)
		case sipua.NoPassword:
			return 0, res, fmt.Errorf("%s asks for a password (%d %s) but parameters password and md5 are empty",
				r.acct.server, res.StatusCode, res.Reason)
		}
		return 0, res, fmt.Errorf("cannot authenticate to %s: %w", r.acct.server, ce.Err)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && r.ctx.Err() != nil {
			return 0, nil, fmt.Errorf("cancelled")
		}
		if r.flow != nil && r.flowLost() && r.stack.transport == "tls" {
			// The server closed the TLS connection right after the handshake: its alert
			// (a client certificate it requires or refuses) is the cause.
			return 0, nil, &errFailover{err: fmt.Errorf("%s closed the TLS connection: %s (parameters tlsclientcert, tlsclientkey)",
				r.describe(r.cur), r.flow.cause())}
		}
		if r.stack.websocket() {
			// sipgo dialled the WebSocket for this request: a failed connection is explained
			// as the registrar's own dial of a TCP or TLS flow is.
			if werr := explainWSError(r.describe(r.cur), r.acct.wssName(), r.stack.transport, err, timeout); werr != nil {
				return 0, nil, r.flowFailed(werr)
			}
		}
		return 0, nil, &errFailover{err: describeTransportError(r.acct, err, timeout)}
	}
	switch {
	case res.IsSuccess():
		if r.stack.websocket() && r.flow == nil && expires > 0 {
			if r.flow = r.stack.watchWS(r.ctx, r.clock, r.cur.addr); r.flow == nil {
				r.p.log.Warn("no WebSocket connection to the server in sipgo's pool: its loss will be seen at the next refresh",
					"server", r.describe(r.cur))
			}
		}
		return grantedExpires(res, expires), res, nil
	case res.StatusCode == sip.StatusForbidden:
		return 0, res, fmt.Errorf("forbidden: %s refused user %q (403 %s)", r.acct.server, r.acct.user, res.Reason)
	case res.StatusCode == sip.StatusNotFound:
		return 0, res, fmt.Errorf("unknown user %q at %s (404 %s)", r.acct.user, r.acct.server, res.Reason)
	case res.StatusCode == 423:
		if h := res.GetHeader("Min-Expires"); h != nil {
			if n, perr := strconv.Atoi(strings.TrimSpace(h.Value())); perr == nil && n > 0 && expires > 0 && n > r.minExp {
				r.minExp = n
				return r.transact(r.expiresToAsk(), remove...)
			}
		}
	case res.StatusCode >= 500:
		return 0, res, &errFailover{err: fmt.Errorf("%s answered %d %s", r.describe(r.cur), res.StatusCode, res.Reason)}
	}
	return 0, res, fmt.Errorf("%s answered %d %s", r.acct.server, res.StatusCode, res.Reason)
}

// unwrapOp drops the "dial tcp a->b:" prefix of a connect error.
func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Err
	}
	return err
}

// flowLost reports whether the current flow ended.
func (r *registrar) flowLost() bool {
	select {
	case <-r.flow.lost:
		return true
	default:
		return false
	}
}

// dropFlow stops keep-alives and closes the current flow (sipgo forgets it).
func (r *registrar) dropFlow() {
	if r.stopKA != nil {
		r.stopKA()
		r.stopKA = nil
	}
	if r.flow != nil {
		r.flow.Close()
		r.flow = nil
	}
}

// startKeepAlive starts keep-alives towards the server in use (once per flow/server):
// keepaliveival seconds apart, 0 for none.
func (r *registrar) startKeepAlive() {
	if r.stopKA != nil {
		return
	}
	ival := time.Duration(r.p.params.Int("keepaliveival")) * time.Second
	if ival <= 0 {
		return
	}
	ctx, cancel := context.WithCancel(r.ctx)
	r.stopKA = cancel
	switch {
	case r.flow != nil:
		f := r.flow
		go keepAlive(ctx, r.clock, ival, func() (<-chan struct{}, error) {
			// Drain a stale pong, then expect one only from a server that has answered before.
			select {
			case <-f.pongs:
			default:
			}
			if err := f.ping(); err != nil {
				return nil, err
			}
			if f.sawPong.Load() {
				return f.pongs, nil
			}
			return nil, nil
		}, func(err error) {
			r.p.log.Info("keep-alive failed; closing the connection", "server", r.describe(r.cur), "error", err)
			f.end(err)
			f.Conn.Close()
		})
	case r.stack.udpConn != nil:
		dst, err := net.ResolveUDPAddr("udp", r.cur.addr)
		if err != nil {
			return
		}
		conn := r.stack.udpConn
		go keepAlive(ctx, r.clock, ival, func() (<-chan struct{}, error) {
			_, err := conn.WriteTo([]byte("\r\n\r\n"), dst)
			if err != nil {
				r.p.log.Debug("UDP keep-alive", "to", dst, "error", err)
			}
			return nil, nil // UDP keep-alive failures are not fatal: the re-registration decides
		}, func(error) {})
	}
}

// newRequest builds a REGISTER for the account with our current Contact, plus remove
// Contacts with expires=0 (a binding replaced after NAT discovery).
func (r *registrar) newRequest(expires int, remove ...sip.Uri) *sip.Request {
	r.cseq++
	contact := r.stack.contact(r.acct.user)
	var old []sipua.Option
	for _, u := range remove {
		if u.Host == contact.Address.Host && u.Port == contact.Address.Port {
			continue
		}
		c := sip.ContactHeader{Address: u, Params: sip.NewParams()}
		c.Params.Add("expires", "0")
		old = append(old, sipua.Contact(c))
	}
	return sipua.NewRequest(sip.REGISTER, r.acct.serverURI(),
		sipua.From(r.acct.from()),
		sipua.To(&sip.ToHeader{Address: r.acct.aor(), Params: sip.NewParams()}),
		sipua.CallID(string(r.callID)),
		sipua.CSeq(r.cseq),
		sipua.Contact(contact),
		sipua.Options(old...),
		sipua.Expires(expires),
		sipua.Field("Allow", allowMethods),
		sipua.Field("User-Agent", r.p.userAgent()),
		r.p.customHeaderOption(),
		r.stack.outbound(r.cur.addr))
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

// allowMethods is the Allow header we send (REGISTER, INVITE, its 2xx, OPTIONS, 405): every
// method a request to us may carry and that we answer, PRACK (RFC 3262) and MESSAGE included.
// SUBSCRIBE is not listed: we send subscriptions but accept none.
const allowMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, REFER, NOTIFY, MESSAGE"

// registrationFailed is the registration state for an error.
func registrationFailed(err error) control.Registration {
	return control.Registration{Status: control.RegFailed, Reason: err.Error()}
}

// flowFailed explains a connection to the server in use that could not be made. A refused
// certificate, a stalled TLS or WebSocket handshake or a refused WebSocket upgrade is also an
// error event: the user must act (or the server's operator must), and the event names the
// parameter that would change it.
func (r *registrar) flowFailed(err error) error {
	var refused *certRefusedError
	if errors.As(err, &refused) || errors.Is(err, errHandshakeStalled) || errors.Is(err, errWSStalled) || errors.Is(err, errWSUpgrade) {
		r.notice(control.KindError, "%v", err)
		return &errFailover{err: err}
	}
	return &errFailover{err: fmt.Errorf("cannot connect to %s over %s: %v", r.describe(r.cur),
		strings.ToUpper(r.stack.transport), unwrapOp(err)), refused: errors.Is(err, syscall.ECONNREFUSED)}
}
