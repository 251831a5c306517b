package phone

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// sipStack is the phone's sipgo user agent: one listening socket per transport, a client
// whose requests leave from that socket (so the Via we advertise is where replies arrive),
// and a server whose handlers hand requests to the phone.
type sipStack struct {
	ua        *sipgo.UserAgent
	client    *sipgo.Client
	server    *sipgo.Server
	dialogUA  *sipgo.DialogUA
	transport string // "udp" or "tcp"
	host      string // advertised IP for Via, Contact and SDP
	port      int    // listening port
	cancel    context.CancelFunc
	log       *slog.Logger
	ready     string // UDP listener address that must be in sipgo's pool before requests leave from it
}

// awaitListener waits (briefly) until sipgo has taken the UDP listener into its connection
// pool, so the first request leaves from it instead of trying to bind the same port again.
func (s *sipStack) awaitListener() {
	if s.ready == "" {
		return
	}
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := s.ua.TransportLayer().GetConnection("udp", s.ready); err == nil && c != nil {
			return
		}
		time.Sleep(time.Millisecond)
	}
	s.log.Warn("SIP listener not ready after 2 s", "addr", s.ready)
}

// startSIP creates the SIP stack from the current parameters. Called on the owner goroutine.
func (p *Phone) startSIP() error {
	transport := strings.ToLower(p.params.Get("transport"))
	if transport == "" {
		transport = "udp"
	}
	bindIP := p.params.Get("localip")
	if bindIP == "" {
		bindIP = "0.0.0.0"
	}
	adv := p.params.Get("localip")
	if adv == "" {
		adv = outboundIP(firstNonEmpty(p.params.Get("proxyaddress"), p.params.Get("serveraddress")))
	}
	port := p.params.Int("localport")

	// Accept messages up to 256 KiB so an oversized MESSAGE is answered 413 by the phone rather
	// than dropped by the parser (RFC 3428 keeps MESSAGE small; our limit is 64 KiB).
	parser := sip.NewParser()
	parser.MaxMessageLength = 256 << 10
	ua, err := sipgo.NewUA(sipgo.WithUserAgent(p.userAgent()), sipgo.WithUserAgentHostname(adv),
		sipgo.WithUserAgentParser(parser))
	if err != nil {
		return fmt.Errorf("sip: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(p.log))
	if err != nil {
		ua.Close()
		return fmt.Errorf("sip: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &sipStack{ua: ua, server: srv, transport: transport, host: adv, cancel: cancel, log: p.log}

	listenAddr := net.JoinHostPort(bindIP, strconv.Itoa(port))
	var serve func() // started last, once handlers and p.sip are in place
	switch transport {
	case "udp":
		conn, err := net.ListenPacket("udp", listenAddr)
		if err != nil {
			cancel()
			ua.Close()
			return fmt.Errorf("sip: cannot listen on udp %s (parameter localport=%d): %w", listenAddr, port, err)
		}
		s.port = conn.LocalAddr().(*net.UDPAddr).Port
		serve = func() { srv.ServeUDP(conn) }
		s.ready = conn.LocalAddr().String()
		go func() { <-ctx.Done(); conn.Close() }()
	case "tcp":
		ln, err := net.Listen("tcp", listenAddr)
		if err != nil {
			cancel()
			ua.Close()
			return fmt.Errorf("sip: cannot listen on tcp %s (parameter localport=%d): %w", listenAddr, port, err)
		}
		s.port = ln.Addr().(*net.TCPAddr).Port
		serve = func() { srv.ServeTCP(ln) }
		go func() { <-ctx.Done(); ln.Close() }()
	default:
		cancel()
		ua.Close()
		return fmt.Errorf("sip: parameter transport: unsupported value %q", transport)
	}

	copts := []sipgo.ClientOption{
		sipgo.WithClientLogger(p.log),
		sipgo.WithClientHostname(adv),
		sipgo.WithClientPort(s.port),
		sipgo.WithClientNAT(),
	}
	if transport == "udp" {
		// Requests leave from the listening socket, so replies reach the port our Via names.
		copts = append(copts, sipgo.WithClientConnectionAddr(net.JoinHostPort(bindIP, strconv.Itoa(s.port))))
	}
	client, err := sipgo.NewClient(ua, copts...)
	if err != nil {
		cancel()
		ua.Close()
		return fmt.Errorf("sip: %w", err)
	}
	s.client = client
	s.dialogUA = &sipgo.DialogUA{Client: client, ContactHDR: s.contact(p.params.Get("username"))}
	p.sip = s
	p.installHandlers(srv)
	go serve()
	s.awaitListener()
	p.log.Info("sip stack started", "transport", transport, "listen", listenAddr, "port", s.port, "advertised", adv)
	return nil
}

// contact returns our Contact header for user.
func (s *sipStack) contact(user string) sip.ContactHeader {
	uri := sip.Uri{Scheme: "sip", User: user, Host: s.host, Port: s.port}
	if s.transport != "udp" {
		uri.UriParams = sip.NewParams()
		uri.UriParams.Add("transport", s.transport)
	}
	return sip.ContactHeader{Address: uri}
}

// close stops listening and releases the user agent.
func (s *sipStack) close() {
	s.cancel()
	s.server.Close()
	s.ua.Close()
}

// outboundIP returns the local IP the system would use to reach target (host[:port]),
// falling back to 127.0.0.1. No packet is sent.
func outboundIP(target string) string {
	host := target
	if h, _, err := net.SplitHostPort(target); err == nil {
		host = h
	}
	if host == "" {
		host = "192.0.2.1" // TEST-NET-1: only used for the routing table lookup
	}
	conn, err := net.Dial("udp", net.JoinHostPort(host, "5060"))
	if err != nil {
		return "127.0.0.1"
	}
	defer conn.Close()
	return conn.LocalAddr().(*net.UDPAddr).IP.String()
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// userAgent is the User-Agent header value.
func (p *Phone) userAgent() string {
	if ua := p.params.Get("useragent"); ua != "" {
		return ua
	}
	return "Softphone"
}
