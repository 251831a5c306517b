package phone

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"

	"softphone/phone/sipua"
)

// account is a snapshot of the SIP account parameters taken when an action starts.
type account struct {
	server      string   // the server entry in use (host[:port]), or the first configured one
	dest        string   // resolved IP:port of the server in use, "" before the registrar chose one
	servers     []string // every configured entry, in the order they are tried
	proxy       string   // proxyaddress host[:port], "" for none
	user        string
	authUser    string
	password    string
	ha1         string // md5 parameter: MD5 of user:realm:password, used without a password
	displayName string
	realm       string
	transport   string
	wsServer    string // webrtcserveraddress's host:port: where the registrar connects, "" when not set
	expires     int
}

// account reads the account parameters. Owner goroutine.
func (p *Phone) account() account { return p.accountOn(p.sip) }

// accountOn reads the account parameters with the server in use as stack s records it
// (goroutines other than the owner pass the stack they were started with).
func (p *Phone) accountOn(s *sipStack) account {
	a := account{
		servers:     serverEntries(p.params.Get("serveraddressfirst"), p.params.Get("serveraddress")),
		proxy:       p.params.Get("proxyaddress"),
		user:        p.params.Get("username"),
		authUser:    p.params.Get("authusername"),
		password:    p.params.Get("password"),
		ha1:         p.params.Get("md5"),
		displayName: p.params.Get("displayname"),
		realm:       p.params.Get("realm"),
		transport:   p.transport(),
		expires:     p.params.Int("registerexpires"),
	}
	if ws, ok := webrtcServer(p.params); ok {
		a.wsServer = ws.hostport
		if len(a.servers) == 0 {
			a.servers = []string{ws.hostport} // the WebSocket server is the SIP domain too
		}
	}
	if len(a.servers) > 0 {
		a.server = a.servers[0]
	}
	if s != nil {
		if cur := s.servers.get(); cur.entry != "" && containsFold(a.servers, cur.entry) {
			a.server, a.dest = cur.entry, cur.addr
		}
	}
	if a.authUser == "" {
		a.authUser = a.user
	}
	if a.transport == "" {
		a.transport = "udp"
	}
	if a.expires <= 0 {
		a.expires = 300
	}
	return a
}

// cred returns the digest credentials.
func (a account) cred() sipua.Credentials {
	return sipua.Credentials{Username: a.authUser, Password: a.password, HA1: a.ha1, Realm: a.realm}
}

// domain is the host part of the account's address of record.
func (a account) domain() string {
	host, _ := splitHostPort(a.server)
	return host
}

// serverURI is the registrar's request URI.
func (a account) serverURI() sip.Uri {
	host, port := splitHostPort(a.server)
	return sip.Uri{Scheme: "sip", Host: host, Port: port}
}

// aor is the account's address of record.
func (a account) aor() sip.Uri {
	host, port := splitHostPort(a.server)
	return sip.Uri{Scheme: "sip", User: a.user, Host: host, Port: port}
}

// outbound is where requests for the account are sent: the WebSocket server of
// webrtcserveraddress when set, else the proxy when set, otherwise the server in use as the
// registrar resolved it (after failover, the one that answered), else the first configured
// server at its transport's default port.
func (a account) outbound() string {
	if a.wsServer != "" {
		return a.wsServer // webrtcserveraddress: all signalling goes over that WebSocket
	}
	target := a.proxy
	if target == "" {
		if a.dest != "" {
			return a.dest
		}
		target = a.server
	}
	host, port := splitHostPort(target)
	return net.JoinHostPort(host, strconv.Itoa(portFor(a.transport, port)))
}

// from builds our From header with a fresh tag.
func (a account) from() *sip.FromHeader {
	f := &sip.FromHeader{DisplayName: a.displayName, Address: a.aor(), Params: sip.NewParams()}
	f.Params.Add("tag", sip.GenerateTagN(16))
	return f
}

// splitHostPort splits host[:port]; port is 0 when absent.
func splitHostPort(hp string) (string, int) {
	if h, p, err := net.SplitHostPort(hp); err == nil {
		n, _ := strconv.Atoi(p)
		return h, n
	}
	return strings.Trim(hp, "[]"), 0
}

// describeServer names the server for messages.
func (a account) describeServer() string {
	name := a.server
	if a.dest != "" && !strings.EqualFold(a.dest, a.server) {
		name = fmt.Sprintf("%s (%s)", a.server, a.dest)
	}
	if a.proxy != "" {
		return fmt.Sprintf("%s (via proxy %s)", name, a.proxy)
	}
	return name
}
