package media

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/stun/v4"
)

// Errors of ICE, wrapped with detail.
var (
	// ErrICEFailed means the connectivity checks found no working candidate pair in time.
	ErrICEFailed = errors.New("media: ICE failed")
	// ErrNoCandidates means the far end's SDP has no candidate we can use.
	ErrNoCandidates = errors.New("media: no usable ICE candidates")
	// ErrTURNRefused means the TURN server gave no relay address (credentials refused,
	// allocation refused or no answer).
	ErrTURNRefused = errors.New("media: TURN allocation failed")
)

// ICEConfig configures one call's ICE agent (pion/ice): one component, RTP and RTCP
// multiplexed on it (RFC 5761), UDP over IPv4.
type ICEConfig struct {
	STUNServer string // host[:port] for server-reflexive candidates; "" for none
	TURNServer string // host[:port] for relay candidates; "" for none
	TURNUser   string // TURN long-term credentials
	TURNPass   string
	PortMin    int           // host candidates' port range; 0,0 for any
	PortMax    int           //
	GatherWait time.Duration // bound on gathering; 0 = 3 s
	CheckWait  time.Duration // bound on connectivity checks until a pair is selected; 0 = 10 s
	Logger     *slog.Logger  // nil = discard
}

// ICEAgent is one call's ICE agent: its local candidates for the SDP, and after Connect the
// transport a Session sends and receives over (Transport), the selected pair.
type ICEAgent struct {
	cfg   ICEConfig
	log   *slog.Logger
	plog  *iceLog
	agent *ice.Agent
	ufrag string
	pwd   string
	cands []ice.Candidate

	ready  chan struct{} // closed once connected or failed
	closed chan struct{}
	once   sync.Once
	mu     sync.Mutex
	conn   *ice.Conn
	remote netip.AddrPort // the selected pair's remote address
	pair   string         // the selected pair, for figures and status
	err    error          // why the checks failed
	start  bool           // Connect was called
	cancel context.CancelFunc
}

// NewICEAgent creates an agent and gathers its candidates: host, server-reflexive with
// STUNServer, relay with TURNServer. It waits at most GatherWait for gathering; a TURN
// server that refused shows in TURNError.
func NewICEAgent(cfg ICEConfig) (*ICEAgent, error) {
	if cfg.GatherWait <= 0 {
		cfg.GatherWait = 3 * time.Second
	}
	if cfg.CheckWait <= 0 {
		cfg.CheckWait = 10 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &ICEAgent{cfg: cfg, log: log, plog: &iceLog{log: log}, ready: make(chan struct{}), closed: make(chan struct{})}
	var urls []*stun.URI
	types := []ice.CandidateType{ice.CandidateTypeHost}
	if cfg.STUNServer != "" {
		u, err := stun.ParseURI("stun:" + withPort(cfg.STUNServer))
		if err != nil {
			return nil, fmt.Errorf("media: STUN server %q: %w", cfg.STUNServer, err)
		}
		urls = append(urls, u)
		types = append(types, ice.CandidateTypeServerReflexive)
	}
	if cfg.TURNServer != "" {
		u, err := stun.ParseURI("turn:" + withPort(cfg.TURNServer) + "?transport=udp")
		if err != nil {
			return nil, fmt.Errorf("media: TURN server %q: %w", cfg.TURNServer, err)
		}
		u.Username, u.Password = cfg.TURNUser, cfg.TURNPass
		urls = append(urls, u)
		types = append(types, ice.CandidateTypeRelay)
	}
	failed := cfg.CheckWait
	disc := 5 * time.Second
	stunWait := cfg.GatherWait
	// Keep checking a pair for the whole CheckWait (pion pings every 200 ms and gives a pair
	// up after 7 requests by default): behind NAT our checks are dropped until the far end's
	// own checks open its router, which may start seconds later (baresip: after the ACK).
	maxReq := uint16(min(cfg.CheckWait/(200*time.Millisecond)+1, 1000))
	agentCfg := &ice.AgentConfig{
		Urls:                urls,
		NetworkTypes:        []ice.NetworkType{ice.NetworkTypeUDP4},
		CandidateTypes:      types,
		PortMin:             uint16(cfg.PortMin),
		PortMax:             uint16(cfg.PortMax),
		MulticastDNSMode:    ice.MulticastDNSModeDisabled,
		FailedTimeout:       &failed,
		DisconnectedTimeout: &disc,
		STUNGatherTimeout:   &stunWait,
		MaxBindingRequests:  &maxReq,
		LoggerFactory:       a.plog,
		IncludeLoopback:     onlyLoopback(),
	}
	agent, err := ice.NewAgent(agentCfg)
	if err != nil {
		return nil, fmt.Errorf("media: ICE agent: %w", err)
	}
	a.agent = agent
	done := make(chan struct{})
	var mu sync.Mutex
	err = agent.OnCandidate(func(c ice.Candidate) {
		if c == nil {
			close(done)
			return
		}
		mu.Lock()
		a.cands = append(a.cands, c)
		mu.Unlock()
	})
	if err == nil {
		err = agent.GatherCandidates()
	}
	if err != nil {
		agent.Close()
		return nil, fmt.Errorf("media: ICE gathering: %w", err)
	}
	select {
	case <-done:
	case <-time.After(cfg.GatherWait + time.Second):
		log.Warn("ice: gathering did not finish in time; offering the candidates found", "wait", cfg.GatherWait)
	}
	mu.Lock()
	a.cands = append([]ice.Candidate(nil), a.cands...)
	mu.Unlock()
	if len(a.cands) == 0 {
		agent.Close()
		return nil, fmt.Errorf("%w: no local candidate gathered", ErrNoCandidates)
	}
	if a.ufrag, a.pwd, err = agent.GetLocalUserCredentials(); err != nil {
		agent.Close()
		return nil, fmt.Errorf("media: ICE credentials: %w", err)
	}
	for _, c := range a.cands {
		log.Info("ice: local candidate", "candidate", c.Marshal())
	}
	return a, nil
}

// withPort adds STUN's port 3478 to a host without one.
func withPort(hostport string) string {
	if _, _, err := net.SplitHostPort(hostport); err == nil {
		return hostport
	}
	return net.JoinHostPort(hostport, "3478")
}

// onlyLoopback reports whether this host has no IPv4 address but loopback ones (a test
// namespace): then loopback host candidates are the only ones there are.
func onlyLoopback() bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			return false
		}
	}
	return true
}

// Credentials are our ice-ufrag and ice-pwd.
func (a *ICEAgent) Credentials() (ufrag, pwd string) { return a.ufrag, a.pwd }

// Candidates are our candidates as a=candidate values (without "candidate:"), one
// server-reflexive candidate at most, without pion's ufrag and generation extensions (RFC 8839 needs neither), which keeps an INVITE
// over UDP under sipgo's 1300-byte limit.
func (a *ICEAgent) Candidates() []string {
	out := make([]string, 0, len(a.cands))
	srflx := false
	for _, c := range a.cands {
		if c.Type() == ice.CandidateTypeServerReflexive {
			if srflx {
				continue // one is enough: STUN and TURN server each give one, and SDP space is short
			}
			srflx = true
		}
		v := c.Marshal()
		for _, ext := range []string{" ufrag ", " generation "} {
			v, _, _ = strings.Cut(v, ext)
		}
		// "UDP" as RFC 8839's examples write it: some far ends (baresip 1.0) compare
		// the transport case-sensitively and would find no candidate at all.
		out = append(out, strings.Replace(v, " udp ", " UDP ", 1))
	}
	return out
}

// Default is the candidate the SDP's c= and m= lines name (RFC 8445 5.1.4): a relay
// candidate when there is one, else server-reflexive, else host.
func (a *ICEAgent) Default() netip.AddrPort {
	best, rank := netip.AddrPort{}, -1
	for _, c := range a.cands {
		r := map[ice.CandidateType]int{ice.CandidateTypeHost: 0, ice.CandidateTypeServerReflexive: 1, ice.CandidateTypeRelay: 2}[c.Type()]
		ip, err := netip.ParseAddr(c.Address())
		if err != nil || r <= rank {
			continue
		}
		best, rank = netip.AddrPortFrom(ip.Unmap(), uint16(c.Port())), r
	}
	return best
}

// HasRelay reports whether a relay candidate was gathered.
func (a *ICEAgent) HasRelay() bool {
	for _, c := range a.cands {
		if c.Type() == ice.CandidateTypeRelay {
			return true
		}
	}
	return false
}

// TURNError says why no relay candidate came from ICEConfig.TURNServer (wrapping
// ErrTURNRefused); nil when there was none to ask or it gave one.
func (a *ICEAgent) TURNError() error {
	if a.cfg.TURNServer == "" || a.HasRelay() {
		return nil
	}
	why := a.plog.turnFailure()
	if why == "" {
		why = "no answer"
	}
	if strings.Contains(why, "401") || strings.Contains(strings.ToLower(why), "unauthorized") {
		why = "credentials refused (" + why + ")"
	}
	return fmt.Errorf("%w: server %s: %s", ErrTURNRefused, a.cfg.TURNServer, why)
}

// ParseCandidates turns a=candidate values into pion candidates, keeping the UDP IPv4
// ones of component 1 (RTP; RTCP is multiplexed) and saying why the others were skipped.
func ParseCandidates(values []string) (keep []ice.Candidate, skipped []string) {
	for _, v := range values {
		c, err := ice.UnmarshalCandidate(strings.TrimPrefix(strings.TrimSpace(v), "candidate:"))
		switch {
		case err != nil:
			skipped = append(skipped, fmt.Sprintf("%q: %v", v, err))
		case c.Component() != 1:
			skipped = append(skipped, fmt.Sprintf("%q: component %d (RTCP is multiplexed on RTP)", v, c.Component()))
		case c.NetworkType() != ice.NetworkTypeUDP4:
			skipped = append(skipped, fmt.Sprintf("%q: %s (only UDP over IPv4)", v, c.NetworkType()))
		default:
			keep = append(keep, c)
		}
	}
	return keep, skipped
}

// Connect starts the connectivity checks against the far end's credentials and candidates
// (a=candidate values), controlling when we made the offer (RFC 8445 6.1.1: the offerer
// controls), and returns at once. The checks run in the background for at most CheckWait;
// done is called once with the selected pair or the error (wrapping ErrICEFailed).
func (a *ICEAgent) Connect(controlling bool, ufrag, pwd string, candidates []string, done func(pair string, err error)) error {
	a.mu.Lock()
	if a.start {
		a.mu.Unlock()
		return nil
	}
	a.start = true
	a.mu.Unlock()
	keep, skipped := ParseCandidates(candidates)
	for _, s := range skipped {
		a.log.Info("ice: remote candidate skipped", "why", s)
	}
	if len(keep) == 0 {
		return fmt.Errorf("%w: the far end's SDP has %d candidates, none UDP/IPv4 of component 1", ErrNoCandidates, len(candidates))
	}
	if ufrag == "" || pwd == "" {
		return fmt.Errorf("%w: the far end's SDP lacks ice-ufrag or ice-pwd", ErrNoCandidates)
	}
	for _, c := range keep {
		if err := a.agent.AddRemoteCandidate(c); err != nil {
			a.log.Info("ice: remote candidate refused", "candidate", c.Marshal(), "err", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.CheckWait)
	a.mu.Lock()
	a.cancel = cancel
	a.mu.Unlock()
	go func() {
		defer cancel()
		var conn *ice.Conn
		var err error
		if controlling {
			conn, err = a.agent.Dial(ctx, ufrag, pwd)
		} else {
			conn, err = a.agent.Accept(ctx, ufrag, pwd)
		}
		pair := ""
		a.mu.Lock()
		if err == nil {
			if p, perr := a.agent.GetSelectedCandidatePair(); perr == nil && p != nil {
				pair = describePair(p.Local, p.Remote)
				if ip, perr := netip.ParseAddr(p.Remote.Address()); perr == nil {
					a.remote = netip.AddrPortFrom(ip.Unmap(), uint16(p.Remote.Port()))
				}
			}
			a.conn, a.pair = conn, pair
		} else {
			err = fmt.Errorf("%w: no candidate pair answered the connectivity checks within %v (%d local, %d remote candidates): %v",
				ErrICEFailed, a.cfg.CheckWait, len(a.cands), len(keep), err)
			a.err = err
		}
		a.mu.Unlock()
		close(a.ready)
		if err == nil {
			a.log.Info("ice: connected", "pair", pair)
		} else {
			a.log.Warn("ice: failed", "err", err)
		}
		select {
		case <-a.closed:
			return // the call ended meanwhile
		default:
		}
		if done != nil {
			done(pair, err)
		}
	}()
	return nil
}

// describePair names a candidate pair by type and address, e.g.
// "srflx 198.51.100.30:40000 <-> srflx 198.51.100.20:41000".
func describePair(l, r ice.Candidate) string {
	return fmt.Sprintf("%s %s <-> %s %s", l.Type(), net.JoinHostPort(l.Address(), strconv.Itoa(l.Port())),
		r.Type(), net.JoinHostPort(r.Address(), strconv.Itoa(r.Port())))
}

// Selected is the selected candidate pair ("" until connected).
func (a *ICEAgent) Selected() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pair
}

// RemoteAddr is the selected pair's remote address (nil until connected): the session's
// remote, so its latching rules see the packets come from where it sends.
func (a *ICEAgent) RemoteAddr() *net.UDPAddr {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.remote.IsValid() {
		return nil
	}
	return net.UDPAddrFromAddrPort(a.remote)
}

// Transport is what a Session sends and receives over: the selected pair once connected.
func (a *ICEAgent) Transport() Transport { return &iceTransport{a: a} }

// Close ends the checks and the agent, releasing its sockets and TURN allocations.
func (a *ICEAgent) Close() error {
	a.once.Do(func() {
		close(a.closed)
		a.mu.Lock()
		if a.cancel != nil {
			a.cancel()
		}
		a.mu.Unlock()
		a.agent.Close()
	})
	return nil
}

// iceTransport is the Transport over an ICE agent. Before the agent connects, reads wait
// and writes are dropped; after a failure reads wait for Close.
type iceTransport struct{ a *ICEAgent }

// connected waits until the agent connected (its conn and the pair's remote) or closed.
func (t *iceTransport) connected() (*ice.Conn, netip.AddrPort, bool) {
	select {
	case <-t.a.ready:
	case <-t.a.closed:
		return nil, netip.AddrPort{}, false
	}
	t.a.mu.Lock()
	conn, remote := t.a.conn, t.a.remote
	t.a.mu.Unlock()
	if conn == nil {
		<-t.a.closed
		return nil, netip.AddrPort{}, false
	}
	return conn, remote, true
}

func (t *iceTransport) ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error) {
	conn, remote, ok := t.connected()
	if !ok {
		return 0, netip.AddrPort{}, net.ErrClosed
	}
	n, err := conn.Read(b)
	if err != nil {
		select {
		case <-t.a.closed:
			return 0, netip.AddrPort{}, net.ErrClosed
		default:
		}
		return 0, netip.AddrPort{}, err
	}
	if r, ok := conn.RemoteAddr().(*net.UDPAddr); ok {
		remote = unmap(r.AddrPort())
	}
	return n, remote, nil
}

func (t *iceTransport) WriteToUDPAddrPort(b []byte, _ netip.AddrPort) (int, error) {
	select {
	case <-t.a.ready:
	default:
		return len(b), nil // not connected yet: dropped, as RTP before a path exists is
	}
	t.a.mu.Lock()
	conn := t.a.conn
	t.a.mu.Unlock()
	if conn == nil {
		return len(b), nil
	}
	return conn.Write(b)
}

func (t *iceTransport) LocalAddr() net.Addr { return net.UDPAddrFromAddrPort(t.a.Default()) }

func (t *iceTransport) Close() error { return t.a.Close() }
