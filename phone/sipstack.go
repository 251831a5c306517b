package phone

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"softphone/phone/control"
)

// sipStack is the phone's sipgo user agent: one listening socket per transport, a client
// whose requests leave from that socket (so the Via we advertise is where replies arrive),
// and a server whose handlers hand requests to the phone.
type sipStack struct {
	ua        *sipgo.UserAgent
	client    *sipgo.Client
	server    *sipgo.Server
	dlgUA     atomic.Pointer[sipgo.DialogUA] // replaced when the Contact changes (NAT learned)
	transport string                         // "udp", "tcp", "tls", "ws" or "wss" (transports.go)
	host      string                         // advertised IP for Via, Contact and SDP
	port      int                            // listening port
	cancel    context.CancelFunc
	log       *slog.Logger
	ready     string // UDP listener address that must be in sipgo's pool before requests leave from it
	user      string // username for the dialog UA's Contact

	udpConn net.PacketConn // the UDP listening socket (keep-alives leave from it)
	tcpMux  *tcpMux        // TCP and TLS: what sipgo serves; the registrar injects the flows it dials
	tlsConf *tls.Config    // TLS client configuration (trust, client certificate), for every TLS connection
	tracer  *sipTracer     // the SIP trace (loglevel=5, siptrace); nil when off
	bindIP  string         // localip or "" (bind all)
	servers serverState    // the server in use, decided by the registrar

	rebuildWait func() // stops waiting for the calls to end before a rebuild (owner goroutine); nil when none waits

	addrMu sync.RWMutex
	local  string // the address the phone would use to reach the server (follows changes)
	pubIP  string // public address learned from the registrar's Via, "" when not behind NAT
	pubPrt int
}

// dialogUA is the dialog user agent whose Contact is the current one.
func (s *sipStack) dialogUA() *sipgo.DialogUA { return s.dlgUA.Load() }

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
	transport := transportParam(p.params)
	bindIP := p.params.Get("localip")
	if bindIP == "" {
		bindIP = "0.0.0.0"
	}
	adv := p.params.Get("localip")
	if adv == "" {
		adv = outboundIP(firstNonEmpty(p.params.Get("proxyaddress"), p.params.Get("serveraddress")))
	}
	port := p.params.Int("localport")
	tracer, err := newSIPTracer(p.log, p.params.Int("loglevel"), p.params.Get("siptrace"))
	if err != nil {
		return fmt.Errorf("sip: %w", err)
	}
	// Every stack may open TLS connections (transport=tls; on any transport, a Record-Route
	// naming ;transport=tls), so the trust settings are read, and checked, for every one.
	tlsConf, err := tlsClientConfig(p.params)
	if err != nil {
		tracer.close()
		return fmt.Errorf("sip: %w", err)
	}
	if tlsConf.InsecureSkipVerify && transportOrUDP(transport).encrypted {
		p.notice(control.KindInfo, "TLS: server certificates are not checked (tlsverify=0)")
	}

	// Accept messages up to 256 KiB so an oversized MESSAGE is answered 413 by the phone rather
	// than dropped by the parser (RFC 3428 keeps MESSAGE small; our limit is 64 KiB).
	parser := sip.NewParser()
	parser.MaxMessageLength = 256 << 10
	uaOpts := []sipgo.UserAgentOption{sipgo.WithUserAgent(p.userAgent()), sipgo.WithUserAgentHostname(adv),
		sipgo.WithUserAgentParser(parser)}
	// Connections sipgo dials itself (a sips: target, a Record-Route elsewhere) trust what
	// the registrar connection trusts.
	uaOpts = append(uaOpts, sipgo.WithUserAgenTLSConfig(wssTLSConfig(tlsConf, transport, p.account())))
	if ws, ok := webrtcServer(p.params); ok {
		uaOpts = append(uaOpts, sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerTransports(wsTransports(ws))))
	}
	ua, err := sipgo.NewUA(uaOpts...)
	if err != nil {
		tracer.close()
		return fmt.Errorf("sip: %w", err)
	}
	srv, err := sipgo.NewServer(ua, sipgo.WithServerLogger(p.log))
	if err != nil {
		ua.Close()
		tracer.close()
		return fmt.Errorf("sip: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &sipStack{ua: ua, server: srv, transport: transport, host: adv, cancel: cancel, log: p.log,
		user: p.params.Get("username"), bindIP: p.params.Get("localip"), local: adv, tlsConf: tlsConf, tracer: tracer}
	fail := func(err error) error {
		cancel()
		ua.Close()
		tracer.close()
		return err
	}

	listenAddr := net.JoinHostPort(bindIP, strconv.Itoa(port))
	var serve func() // started last, once handlers and p.sip are in place
	switch transport {
	case "udp":
		// udp4 for an IPv4 (or wildcard) bind keeps the listener's LocalAddr in the same form as the
		// client's connection address below ("0.0.0.0:port", not "[::]:port"), so sipgo finds the
		// listener in its pool instead of binding the same port a second time.
		raw, err := net.ListenPacket(udpNetwork(bindIP), listenAddr)
		if err != nil {
			return fail(fmt.Errorf("sip: cannot listen on udp %s (parameter localport=%d): %w", listenAddr, port, err))
		}
		s.port = raw.LocalAddr().(*net.UDPAddr).Port
		conn := tracer.tracedPacket(raw)
		serve = func() { srv.ServeUDP(conn) }
		s.ready = conn.LocalAddr().String()
		s.udpConn = conn
		go func() { <-ctx.Done(); conn.Close() }()
	case "tcp", "tls":
		ln, err := net.Listen("tcp", listenAddr)
		if err != nil {
			return fail(fmt.Errorf("sip: cannot listen on %s %s (parameter localport=%d): %w", transport, listenAddr, port, err))
		}
		s.port = ln.Addr().(*net.TCPAddr).Port
		var wrap func(net.Conn) net.Conn // accepted connections: TLS server side for transport=tls
		if transport == "tls" {
			sconf, err := tlsServerConfig(tlsConf, adv)
			if err != nil {
				ln.Close()
				return fail(fmt.Errorf("sip: %w", err))
			}
			wrap = func(c net.Conn) net.Conn { return tls.Server(c, sconf) }
		}
		s.tcpMux = newTCPMux(ln, wrap, func(c net.Conn) net.Conn { return tracer.traced(c, strings.ToUpper(transport)) })
		if transport == "tls" {
			serve = func() { srv.ServeTLS(s.tcpMux) }
		} else {
			serve = func() { srv.ServeTCP(s.tcpMux) }
		}
		go func() { <-ctx.Done(); s.tcpMux.Close() }()
	case "ws", "wss":
		// SIP over WebSocket (RFC 7118) listens nowhere, as a browser phone does: sipgo dials
		// the server's WebSocket with the first request, and the server sends its requests
		// back on that connection. Port 0 leaves the Via's port to sipgo (the connection's
		// own) and the Contact without one; the server reaches the phone by the connection.
		serve = func() {}
	default:
		return fail(fmt.Errorf("sip: parameter transport: unsupported value %q (%s)", transport, transportNames()))
	}

	copts := []sipgo.ClientOption{
		sipgo.WithClientLogger(p.log),
		sipgo.WithClientHostname(adv),
		sipgo.WithClientPort(s.port),
		sipgo.WithClientNAT(),
	}
	if transport == "udp" {
		// Requests leave from the listening socket, so replies reach the port our Via names.
		copts = append(copts, sipgo.WithClientConnectionAddr(s.ready))
	}
	client, err := sipgo.NewClient(ua, copts...)
	if err != nil {
		return fail(fmt.Errorf("sip: %w", err))
	}
	s.client = client
	s.dlgUA.Store(&sipgo.DialogUA{Client: client, ContactHDR: s.contact(s.user)})
	p.sip = s
	p.installHandlers(srv)
	go serve()
	s.awaitListener()
	if msg := srtpNotice(p.params); msg != "" {
		p.log.Warn(msg)
	}
	p.log.Info("sip stack started", "transport", transport, "listen", listenAddr, "port", s.port, "advertised", adv)
	return nil
}

// streamed reports whether the registrar dials and watches its connection itself, its flow
// (tcp, tls; tcpflow.go). ws and wss connections are dialled by sipgo and watched in wsflow.go.
func (s *sipStack) streamed() bool { return s.transport == "tcp" || s.transport == "tls" }

// transportFor is the transport a request to u leaves by: for a sips: URI TLS (wss on a wss
// stack, whose connection is TLS already), the URI's transport parameter when it names one
// we speak (transports.go), otherwise the stack's transport. Requests to the registrar or
// proxy use the stack's.
func (s *sipStack) transportFor(u sip.Uri) string {
	if strings.EqualFold(u.Scheme, "sips") {
		if s.transport == "wss" {
			return "wss"
		}
		return "tls"
	}
	if u.UriParams != nil {
		if tp, ok := u.UriParams.Get("transport"); ok {
			if t, ok := transportNamed(tp); ok {
				if t.name == "ws" && s.transport == "wss" {
					return "wss" // ;transport=ws names secure WebSockets too (RFC 7118)
				}
				return t.name
			}
		}
	}
	return s.transport
}

// secure reports whether requests and answers of the stack travel encrypted (tls, wss),
// the condition for SDES keys in SDP unless srtpsdesplain allows them anyway.
func (s *sipStack) secure() bool { return transportOrUDP(s.transport).encrypted }

// websocket reports whether the stack speaks SIP over WebSocket (ws, wss).
func (s *sipStack) websocket() bool { return transportOrUDP(s.transport).websocket }

// udpNetwork is the network for a UDP listener on bindIP: udp4 unless bindIP is IPv6.
func udpNetwork(bindIP string) string {
	if ip := net.ParseIP(bindIP); ip != nil && ip.To4() == nil {
		return "udp6"
	}
	return "udp4"
}

// contact returns our Contact header for user: the public address the registrar reported
// when the phone is behind NAT, otherwise the local address and listening port.
func (s *sipStack) contact(user string) sip.ContactHeader {
	host, port := s.contactAddr()
	uri := sip.Uri{Scheme: "sip", User: user, Host: host, Port: port}
	// transport=tls keeps the sip: scheme with ;transport=tls (RFC 5630: sips: would demand
	// TLS on every hop, which the phone cannot promise for the far end's side).
	if s.transport != "udp" {
		uri.UriParams = sip.NewParams()
		uri.UriParams.Add("transport", s.uriTransport())
	}
	return sip.ContactHeader{Address: uri}
}

// uriTransport is the stack's transport as a URI's ;transport= names it: RFC 7118 (section
// 5.2) defines only "ws" for SIP over WebSocket, secure or not (the Via says WS or WSS);
// Kamailio takes a Contact with ;transport=wss for UDP.
func (s *sipStack) uriTransport() string {
	if s.websocket() {
		return "ws"
	}
	return s.transport
}

// contactAddr is the host and port our Contact names now.
func (s *sipStack) contactAddr() (string, int) {
	s.addrMu.RLock()
	defer s.addrMu.RUnlock()
	if s.pubIP != "" {
		return s.pubIP, s.pubPrt
	}
	return s.local, s.port
}

// setContactAddr records the address our Contact names from now on: the public one learned
// behind NAT (pubIP != ""), or the local address. Dialogs started later use it.
func (s *sipStack) setContactAddr(local, pubIP string, pubPort int) {
	s.addrMu.Lock()
	changed := s.local != local || s.pubIP != pubIP || s.pubPrt != pubPort
	s.local, s.pubIP, s.pubPrt = local, pubIP, pubPort
	s.addrMu.Unlock()
	if changed {
		old := s.dlgUA.Load()
		s.dlgUA.Store(&sipgo.DialogUA{Client: old.Client, ContactHDR: s.contact(s.user)})
	}
}

// localAddr is the local address the Contact uses when not behind NAT.
func (s *sipStack) localAddr() string {
	s.addrMu.RLock()
	defer s.addrMu.RUnlock()
	return s.local
}

// close stops listening and releases the user agent. The listening socket is closed before
// close returns, so a stack started next may listen on the same port.
func (s *sipStack) close() {
	s.cancel()
	if s.udpConn != nil {
		s.udpConn.Close()
	}
	if s.tcpMux != nil {
		s.tcpMux.Close()
	}
	s.server.Close()
	s.ua.Close()
	s.tracer.close()
}

// outboundIP returns the local IP the system would use to reach target (host[:port]),
// falling back to 127.0.0.1. No packet is sent.
func outboundIP(target string) string {
	target, _, _ = strings.Cut(target, ",") // the first of a server list
	host := strings.TrimSpace(target)
	if h, _, err := net.SplitHostPort(host); err == nil {
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

// behindNAT reports whether the registrar saw us at a public address of our own (nat.go).
func (s *sipStack) behindNAT() bool {
	s.addrMu.RLock()
	defer s.addrMu.RUnlock()
	return s.pubIP != ""
}
