package phone

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"softphone/phone/params"
)

// The SIP transports the phone speaks, as one list (the way sipgo names them): what each
// needs from the stack, the registrar and the SDES policy is read from here, so adding a
// transport is an entry here, a listener (or none) in startSIP, and its value in the
// transport parameter's definition. Requests are built and sent in one place whatever the
// transport (sipua.NewRequest with sipStack.outbound / outboundTo).

// transportInfo describes one SIP transport.
type transportInfo struct {
	name        string // as the transport parameter and ;transport= spell it
	stream      bool   // connection-oriented: the registrar sees the connection's source, not a listening port
	encrypted   bool   // the signalling is encrypted (TLS underneath): SDES keys may travel in SDP
	websocket   bool   // SIP over WebSocket (RFC 7118): the phone dials, listens nowhere
	defaultPort int    // the server port when none is given
	srvService  string // DNS SRV service and protocol (RFC 3263), "" for no SRV lookup
	srvProto    string
}

// transports lists the transports in the order the transport parameter offers them.
var transports = []transportInfo{
	{name: "udp", defaultPort: 5060, srvService: "sip", srvProto: "udp"},
	{name: "tcp", stream: true, defaultPort: 5060, srvService: "sip", srvProto: "tcp"},
	{name: "tls", stream: true, encrypted: true, defaultPort: 5061, srvService: "sips", srvProto: "tcp"},
	// RFC 7118: WebSocket servers listen on the HTTP ports; it defines no SRV records.
	{name: "ws", stream: true, websocket: true, defaultPort: 80},
	{name: "wss", stream: true, encrypted: true, websocket: true, defaultPort: 443},
}

// transportNamed returns the transport called name (any case); ok is false for one the phone
// does not speak.
func transportNamed(name string) (t transportInfo, ok bool) {
	for _, t := range transports {
		if strings.EqualFold(t.name, name) {
			return t, true
		}
	}
	return transportInfo{}, false
}

// transportOrUDP is transportNamed, with udp for an empty or unknown name.
func transportOrUDP(name string) transportInfo {
	if t, ok := transportNamed(name); ok {
		return t
	}
	return transports[0]
}

// transportNames lists the transports for messages: "udp, tcp, tls, ws or wss".
func transportNames() string {
	var names []string
	for _, t := range transports {
		names = append(names, t.name)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// wsServer is the seed's webrtcserveraddress: the URL of a SIP WebSocket server (ws:// or
// wss://host[:port][/path]). When set, the phone's signalling goes over it: its scheme is
// the transport (whatever the transport parameter says), its host and port are where the
// registrar and every request connect, its path is the upgrade's; serveraddress, when set,
// still names the SIP domain (the address of record and the registrar's Request-URI).
type wsServer struct {
	transport string // "ws" or "wss"
	hostport  string // host:port, the scheme's default port when the URL gives none
	path      string // the request path of the upgrade, "/" when the URL gives none
}

// webrtcServer parses webrtcserveraddress (checked by its parameter definition); ok is false
// when it is empty.
func webrtcServer(ps *params.Params) (s wsServer, ok bool) {
	v := strings.TrimSpace(ps.Get("webrtcserveraddress"))
	if v == "" {
		return wsServer{}, false
	}
	u, err := url.Parse(v)
	if err != nil {
		return wsServer{}, false
	}
	s.transport = strings.ToLower(u.Scheme)
	port, _ := strconv.Atoi(u.Port())
	s.hostport = net.JoinHostPort(u.Hostname(), strconv.Itoa(portFor(s.transport, port)))
	s.path = u.EscapedPath()
	if s.path == "" {
		s.path = "/"
	}
	if u.RawQuery != "" {
		s.path += "?" + u.RawQuery
	}
	return s, s.transport == "ws" || s.transport == "wss"
}

// transportParam is the transport the phone speaks under ps: webrtcserveraddress's scheme
// when it is set, else the transport parameter, lower case ("udp" when empty).
func transportParam(ps *params.Params) string {
	if s, ok := webrtcServer(ps); ok {
		return s.transport
	}
	if t := strings.ToLower(ps.Get("transport")); t != "" {
		return t
	}
	return "udp"
}
