package phone

import (
	"context"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// Inbound screening. While registered, an out-of-dialog request (INVITE, MESSAGE, OPTIONS,
// NOTIFY, anything without a To tag) is accepted only from the server in use or the proxy,
// as the registrar resolved them, or from an address in allowedsources; allowdirectcalls
// accepts everything. Over UDP the source must be the server's address and port; over TCP the
// server's address (the connection the phone opened to it, or one the server opened from its
// address). Nothing is looked up per request: the trusted addresses are resolved when what
// they depend on changes (the server in use, proxyaddress, allowedsources, transport).
//
// A stranger costs little: the 403 goes out statelessly, so sipgo keeps no transaction
// waiting 32 s for an ACK (Timer H/J); no event, no history row, no ring; a counter and a log
// line at most every screenLogEvery. Above strangerRate answers a second (a flood) strangers
// are dropped without an answer.

const (
	// strangerRate and strangerBurst bound the 403s sent to strangers (a token bucket): a
	// flood above them is dropped silently, so it cannot use the phone as a reflector or make
	// it spend more than that on answers.
	strangerRate  = 500
	strangerBurst = 1000
	// screenLogEvery is the least time between two log lines about refused strangers.
	screenLogEvery = 10 * time.Second
)

// screening holds the trusted sources and the stranger counters; safe from any goroutine.
type screening struct {
	table atomic.Pointer[trustTable]
	build sync.Mutex // one rebuild at a time

	refused atomic.Uint64 // strangers answered 403
	dropped atomic.Uint64 // strangers dropped above strangerRate

	mu       sync.Mutex
	tokens   float64
	refill   time.Time
	lastLog  time.Time
	loggedAt uint64 // refused+dropped at the last log line
}

// trustTable is who may send out-of-dialog requests while the phone is registered.
type trustTable struct {
	key     string                  // what it was built from; rebuilt when that changes
	exact   map[netip.AddrPort]bool // server in use and proxy, address and port
	hosts   map[netip.Addr]bool     // their addresses alone (TCP)
	sources []netip.Prefix          // allowedsources
}

// verdict is the screening decision for one request.
type verdict int

const (
	verdictAccept   verdict = iota // may proceed
	verdictStranger                // refuse with 403
)

// screenInput is what the decision depends on, for the decision table.
type screenInput struct {
	registered  bool
	allowDirect bool
	transport   string // "udp" or "tcp" (any case)
	src         netip.AddrPort
}

// decide is the screening decision table.
func decide(in screenInput, t *trustTable) verdict {
	if in.allowDirect || !in.registered {
		return verdictAccept
	}
	if t.fromServer(in.transport, in.src) {
		return verdictAccept
	}
	a := in.src.Addr().Unmap()
	for _, p := range t.sources {
		if p.Contains(a) {
			return verdictAccept
		}
	}
	return verdictStranger
}

// fromServer reports whether src is the server in use or the proxy: address and port over
// UDP, address over TCP.
func (t *trustTable) fromServer(transport string, src netip.AddrPort) bool {
	if t == nil || !src.IsValid() {
		return false
	}
	src = netip.AddrPortFrom(src.Addr().Unmap(), src.Port())
	if strings.EqualFold(transport, "udp") {
		return t.exact[src]
	}
	return t.hosts[src.Addr()]
}

// trust returns the current trust table, rebuilding it when its inputs changed. A rebuild
// resolves a proxy or server given as a name (once per change, not per request).
func (p *Phone) trust() *trustTable {
	a := p.account()
	key := strings.Join([]string{a.transport, a.server, a.dest, a.proxy, p.params.Get("allowedsources")}, "|")
	if t := p.screen.table.Load(); t != nil && t.key == key {
		return t
	}
	p.screen.build.Lock()
	defer p.screen.build.Unlock()
	if t := p.screen.table.Load(); t != nil && t.key == key {
		return t
	}
	t := &trustTable{key: key, exact: map[netip.AddrPort]bool{}, hosts: map[netip.Addr]bool{}}
	add := func(addr string) {
		if ap, err := netip.ParseAddrPort(addr); err == nil {
			ap = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
			t.exact[ap] = true
			t.hosts[ap.Addr()] = true
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rnd := rand.New(rand.NewPCG(1, 2))
	resolve := func(entry string) {
		hops, err := resolveServer(ctx, net.DefaultResolver, rnd, entry, a.transport)
		if err != nil {
			p.log.Info("screening: cannot resolve a server address", "entry", entry, "error", err)
		}
		for _, h := range hops {
			add(h.addr)
		}
	}
	if a.dest != "" {
		add(a.dest) // the registrar's choice, already resolved
	} else if a.server != "" {
		resolve(a.server)
	}
	if a.proxy != "" {
		resolve(a.proxy)
	}
	for _, s := range splitList(p.params.Get("allowedsources")) {
		if pfx, err := netip.ParsePrefix(s); err == nil {
			t.sources = append(t.sources, pfx.Masked())
		} else if ip, err := netip.ParseAddr(s); err == nil {
			t.sources = append(t.sources, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
		}
	}
	p.screen.table.Store(t)
	return t
}

// screenSource decides whether an out-of-dialog request may proceed on its source alone.
func (p *Phone) screenSource(req *sip.Request) verdict {
	if p.params.Bool("allowdirectcalls") {
		return verdictAccept
	}
	p.statusMu.RLock()
	registered := p.status.Registered
	p.statusMu.RUnlock()
	if !registered {
		return verdictAccept
	}
	src, _ := netip.ParseAddrPort(req.Source())
	return decide(screenInput{registered: true, transport: req.Transport(), src: src}, p.trust())
}

// fromServer reports whether a request came from the server in use or the proxy.
func (p *Phone) fromServer(req *sip.Request) bool {
	src, _ := netip.ParseAddrPort(req.Source())
	return p.trust().fromServer(req.Transport(), src)
}

// forbidden is the reason phrase of the 403 a stranger gets.
const forbidden = "Forbidden (direct requests are not allowed; see parameters allowedsources and allowdirectcalls)"

// screenRequest checks an out-of-dialog request: well-formed, and (while registered) from the
// registrar or proxy or an allowed source (see screenSource). It returns 0 when the request
// may proceed.
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
	if p.screenSource(req) == verdictStranger {
		p.strangerSeen(req)
		return 403, forbidden
	}
	return 0, ""
}

// screened wraps a handler: an out-of-dialog request from a stranger is answered 403
// statelessly (or dropped above strangerRate) and never reaches h.
func (p *Phone) screened(srv *sipgo.Server, h sipgo.RequestHandler) sipgo.RequestHandler {
	return func(req *sip.Request, tx sip.ServerTransaction) {
		if to := req.To(); req.IsAck() || to == nil || to.Params.Has("tag") || p.screenSource(req) != verdictStranger {
			p.mparamFromRequest(req) // mparam.go: honoured from the registrar or proxy only
			h(req, tx)
			return
		}
		p.strangerSeen(req)
		if !p.screen.allow(time.Now()) {
			p.screen.dropped.Add(1)
			return
		}
		// Stateless: sipgo terminates the transaction when the handler returns without having
		// answered on it, instead of keeping it (and the request) for Timer H.
		if err := srv.WriteResponse(sip.NewResponseFromRequest(req, 403, forbidden, nil)); err != nil {
			p.log.Debug("screening: cannot answer a stranger", "source", req.Source(), "error", err)
		}
	}
}

// strangerSeen counts a refused request and logs about it at most every screenLogEvery.
func (p *Phone) strangerSeen(req *sip.Request) {
	n := p.screen.refused.Add(1)
	now := time.Now()
	p.screen.mu.Lock()
	if now.Sub(p.screen.lastLog) < screenLogEvery {
		p.screen.mu.Unlock()
		return
	}
	total := n + p.screen.dropped.Load()
	since := total - p.screen.loggedAt
	p.screen.lastLog, p.screen.loggedAt = now, total
	p.screen.mu.Unlock()
	p.log.Warn("refused requests from an address that is not the server (see allowedsources)",
		"method", req.Method, "source", req.Source(), "refusedsincelastlog", since,
		"refused", n, "dropped", p.screen.dropped.Load())
}

// allow takes a token from the stranger-answer bucket.
func (s *screening) allow(now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refill.IsZero() {
		s.tokens, s.refill = strangerBurst, now
	}
	s.tokens = min(strangerBurst, s.tokens+now.Sub(s.refill).Seconds()*strangerRate)
	s.refill = now
	if s.tokens < 1 {
		return false
	}
	s.tokens--
	return true
}
