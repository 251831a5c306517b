package phone

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/gobwas/ws"

	"softphone/phone/params"
)

func TestTransportFor(t *testing.T) {
	cases := []struct {
		stack, uri, want string
	}{
		{"udp", "sip:1001@pbx", "udp"},
		{"udp", "sips:1001@pbx", "tls"},
		{"udp", "sip:1001@pbx;transport=tcp", "tcp"},
		{"udp", "sip:1001@pbx;transport=sctp", "udp"}, // one we do not speak: the stack's
		{"ws", "sip:1001@pbx", "ws"},
		{"ws", "sip:1001@pbx;transport=ws", "ws"},
		{"wss", "sip:1001@pbx;transport=ws", "wss"}, // RFC 7118 names secure WebSockets ws too
		{"wss", "sips:1001@pbx", "wss"},             // the wss connection is TLS already
		{"tls", "sip:1001@pbx;transport=WSS", "wss"},
	}
	for _, tc := range cases {
		t.Run(tc.stack+" "+tc.uri, func(t *testing.T) {
			var u sip.Uri
			if err := sip.ParseUri(tc.uri, &u); err != nil {
				t.Fatal(err)
			}
			s := &sipStack{transport: tc.stack}
			if got := s.transportFor(u); got != tc.want {
				t.Fatalf("transportFor = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestContactTransport(t *testing.T) {
	for stack, want := range map[string]string{"udp": "", "tcp": ";transport=tcp", "tls": ";transport=tls", "ws": ";transport=ws", "wss": ";transport=ws"} {
		s := &sipStack{transport: stack, local: "198.51.100.1"}
		c := s.contact("1000")
		if got, w := c.Address.String(), "sip:1000@198.51.100.1"+want; got != w {
			t.Errorf("%s: Contact %s, want %s", stack, got, w)
		}
	}
}

func TestTransportTable(t *testing.T) {
	if got := transportNames(); got != "udp, tcp, tls, ws or wss" {
		t.Errorf("transportNames = %q", got)
	}
	for _, tc := range []struct {
		name             string
		port             int
		encrypted, srv   bool
		websocket, known bool
	}{
		{"udp", 5060, false, true, false, true},
		{"TLS", 5061, true, true, false, true},
		{"ws", 80, false, false, true, true},
		{"wss", 443, true, false, true, true},
		{"sctp", 5060, false, true, false, false}, // unknown: udp's
	} {
		_, known := transportNamed(tc.name)
		tr := transportOrUDP(tc.name)
		if known != tc.known || portFor(tc.name, 0) != tc.port || tr.encrypted != tc.encrypted ||
			(tr.srvService != "") != tc.srv || tr.websocket != tc.websocket {
			t.Errorf("%s: known %v port %d encrypted %v srv %q websocket %v", tc.name, known, portFor(tc.name, 0), tr.encrypted, tr.srvService, tr.websocket)
		}
	}
}

func TestWebRTCServer(t *testing.T) {
	cases := []struct {
		url, transport, want string // want: transport, host:port and path
	}{
		{"", "tcp", "tcp"},
		{"", "udp", "udp"},
		{"ws://mydomain.com:80", "tcp", "ws mydomain.com:80 /"},
		{"wss://sip.mydomain.com", "udp", "wss sip.mydomain.com:443 /"},
		{"wss://10.20.30.40:5065/sip/ws?x=1", "tls", "wss 10.20.30.40:5065 /sip/ws?x=1"},
	}
	for _, tc := range cases {
		ps := params.Standard()
		if err := ps.Set("webrtcserveraddress", tc.url, params.CommandLine); err != nil {
			t.Fatal(err)
		}
		if err := ps.Set("transport", tc.transport, params.CommandLine); err != nil {
			t.Fatal(err)
		}
		got := transportParam(ps)
		if s, ok := webrtcServer(ps); ok {
			got = fmt.Sprintf("%s %s %s", got, s.hostport, s.path)
		}
		if got != tc.want {
			t.Errorf("webrtcserveraddress=%q transport=%q: %q, want %q", tc.url, tc.transport, got, tc.want)
		}
	}
}

// TestExplainWSError: the failures sipgo reports when it cannot get a WebSocket connection,
// wrapped as sipgo wraps them, are explained naming the server; other errors are left alone.
func TestExplainWSError(t *testing.T) {
	conn := func(err error) error {
		return fmt.Errorf("client transcation failed to request connection: %w", fmt.Errorf("transport<WS> dial err=%w", err))
	}
	const server = "pbx.example.com (192.0.2.1:8443)"
	cases := []struct {
		name      string
		err       error
		sentinel  error // nil: not explained (nil result)
		transport string
		want      string
	}{
		{"upgrade refused", conn(ws.StatusError(404)), errWSUpgrade, "ws", "answered the WS upgrade with HTTP 404"},
		{"not a websocket", conn(ws.ErrHandshakeBadUpgrade), errWSUpgrade, "wss", "answered the WSS upgrade wrongly"},
		{"stalled", conn(context.DeadlineExceeded), errWSStalled, "wss", "WSS to " + server + ", not within 10s"},
		{"stalled read", conn(&net.OpError{Op: "read", Err: timeoutErr{}}), errWSStalled, "ws", "WS to " + server},
		{"refused", conn(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), syscall.ECONNREFUSED, "ws", ""},
		{"no answer to a request sent", sip.ErrTransactionTimeout, nil, "ws", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := explainWSError(server, "pbx.example.com", tc.transport, tc.err, 10*time.Second)
			if tc.sentinel == nil {
				if got != nil {
					t.Fatalf("explained %v as %v", tc.err, got)
				}
				return
			}
			if !errors.Is(got, tc.sentinel) || !strings.Contains(got.Error(), tc.want) {
				t.Fatalf("got %v, want %v containing %q", got, tc.sentinel, tc.want)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestWSTransportsPath(t *testing.T) {
	c := wsTransports(wsServer{transport: "wss", path: "/sip?x=1"}, nil)
	if got := c.WS.DialURI("192.0.2.1:80"); got != "ws://192.0.2.1:80/sip?x=1" {
		t.Errorf("ws dials %s", got)
	}
	if got := c.WSS.DialURI("192.0.2.1:443"); got != "wss://192.0.2.1:443/sip?x=1" {
		t.Errorf("wss dials %s", got)
	}
}

// TestWSSTLSConfig: on a wss stack whose server is a DNS name, sipgo checks the certificate
// against that name (it would check the dialled IP otherwise); otherwise the configuration
// is the phone's own.
func TestWSSTLSConfig(t *testing.T) {
	base := &tls.Config{MinVersion: tls.VersionTLS12}
	cases := []struct {
		transport string
		a         account
		want      string // ServerName; "=" for the base configuration itself
	}{
		{"wss", account{server: "pbx.example.com:8443"}, "pbx.example.com"},
		{"wss", account{server: "pbx.example.com", proxy: "edge.example.com"}, "pbx.example.com"},
		{"wss", account{server: "pbx.example.com", wsServer: "ws.example.com:443"}, "ws.example.com"},
		{"wss", account{server: "192.0.2.1:8443"}, "="},
		{"tls", account{server: "pbx.example.com"}, "="},
		{"ws", account{server: "pbx.example.com"}, "="},
	}
	for _, tc := range cases {
		got := wssTLSConfig(base, tc.transport, tc.a)
		switch {
		case tc.want == "=" && got != base:
			t.Errorf("%s %+v: a new configuration (ServerName %q), want the phone's own", tc.transport, tc.a, got.ServerName)
		case tc.want != "=" && (got == base || got.ServerName != tc.want || base.ServerName != ""):
			t.Errorf("%s %+v: ServerName %q, want %q on a copy", tc.transport, tc.a, got.ServerName, tc.want)
		}
	}
}
