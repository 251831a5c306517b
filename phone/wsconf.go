package phone

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/gobwas/ws"
)

// SIP over WebSocket (RFC 7118, transport=ws or wss), the way a browser WebRTC phone reaches
// a PBX's WebSocket module: sipgo's ws and wss transports dial the server with the first
// request (the REGISTER), do the HTTP upgrade (subprotocol "sip") and keep the connection
// in their pool; every later request to the server, and every request the server sends to
// the phone, travels on it. wss is TLS underneath with the phone's TLS trust (tlscafile,
// tlsverify, tlsclientcert); a certificate the phone refuses is explained as over tls.

// wssTLSConfig is the TLS configuration sipgo dials with. sipgo checks a wss server's
// certificate against the address it dials (the resolved IP) unless the configuration names
// the server, so on a wss stack whose server is a DNS name (wssName), that name is the one
// checked, as over tls. It is read when the stack starts: after a failover to a server entry
// of another name, that server's certificate is still checked against the first name.
func wssTLSConfig(conf *tls.Config, transport string, a account) *tls.Config {
	host := a.wssName()
	if transport != "wss" || host == "" || net.ParseIP(host) != nil {
		return conf
	}
	conf = conf.Clone()
	conf.ServerName = host
	return conf
}

// wssName is the name a wss server's certificate is checked against: the host of
// webrtcserveraddress, else of serveraddress (the registrar, whose connection carries the
// account's requests).
func (a account) wssName() string {
	host, _ := splitHostPort(firstNonEmpty(a.wsServer, a.server))
	return host
}

// errWSStalled marks a WebSocket server that accepted the connection but did not finish the
// (TLS and) HTTP upgrade handshake in time.
var errWSStalled = errors.New("WebSocket handshake did not finish")

// errWSUpgrade marks a WebSocket server that answered the upgrade with something else than
// 101 Switching Protocols (a wrong path, no WebSocket module, a web server).
var errWSUpgrade = errors.New("WebSocket upgrade refused")

// explainWSError explains a failed request of a ws or wss stack when the connection to
// server (as events name it) could not be made: a refused certificate (checked against
// name) as a *certRefusedError, an upgrade the server refused (errWSUpgrade), a server that
// accepted the connection and stalled for timeout (errWSStalled). It returns nil
// for errors that are not about the connection (no answer to a request sent, ...).
func explainWSError(server, name, transport string, err error, timeout time.Duration) error {
	// sipgo wraps every failure to get a connection with this text and no sentinel error.
	if err == nil || !strings.Contains(err.Error(), "failed to request connection") {
		return nil
	}
	proto := strings.ToUpper(transport)
	var status ws.StatusError
	var netErr net.Error
	switch {
	case errors.As(err, &status):
		return fmt.Errorf("%w: %s answered the %s upgrade with HTTP %d, not 101 (is it a SIP WebSocket server? check serveraddress)",
			errWSUpgrade, server, proto, int(status))
	case errors.Is(err, ws.ErrHandshakeBadProtocol), errors.Is(err, ws.ErrHandshakeBadUpgrade),
		errors.Is(err, ws.ErrHandshakeBadConnection), errors.Is(err, ws.ErrHandshakeBadSecAccept),
		errors.Is(err, ws.ErrHandshakeBadSubProtocol):
		return fmt.Errorf("%w: %s answered the %s upgrade wrongly: %v (is it a SIP WebSocket server? check serveraddress)",
			errWSUpgrade, server, proto, errors.Unwrap(err))
	case errors.Is(err, syscall.ECONNREFUSED):
		return err // nothing listens: the caller says so
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("%w: %s to %s, not within %v (the server accepted the connection, then stalled)",
			errWSStalled, proto, server, timeout)
	}
	if transport == "wss" {
		var refused *certRefusedError
		if e := explainTLSError(server, name, err); errors.As(e, &refused) {
			return e
		}
	}
	return nil
}

// wsTransports are sipgo's ws and wss transports dialling the upgrade path of
// webrtcserveraddress (s.path; sipgo dials "/" when it is empty), the ws one through the
// SIP trace when tr is on (wstrace.go); the others stay sipgo's own.
func wsTransports(s wsServer, tr *sipTracer) sip.TransportsConfig {
	path := s.path
	conf := sip.TransportsConfig{
		WS:  &sip.TransportWS{DialURI: func(addr string) string { return "ws://" + addr + path }},
		WSS: &sip.TransportWSS{TransportWS: &sip.TransportWS{DialURI: func(addr string) string { return "wss://" + addr + path }}},
	}
	if tr != nil {
		conf.WS.DialerCreate = tr.wsDialer
	}
	return conf
}
