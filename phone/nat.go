package phone

import (
	"net"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"
)

// natExpires is the registration lifetime the phone asks for while behind NAT (RFC 5626
// spirit: re-register about every minute so a lost binding is noticed soon), unless the
// registrar insists on more (423 Min-Expires).
const natExpires = 60

// viaSeen is how the registrar saw us: the top Via of its response, with received/rport.
type viaSeen struct {
	host     string // Via sent-by host (what we advertised)
	port     int    // Via sent-by port
	received string // received= parameter, "" when absent
	rport    int    // rport= value, 0 when absent or empty
}

// seenVia reads the top Via of a response.
func seenVia(res *sip.Response) (viaSeen, bool) {
	v := res.Via()
	if v == nil {
		return viaSeen{}, false
	}
	s := viaSeen{host: v.Host, port: v.Port}
	if v.Params != nil {
		if r, ok := v.Params.Get("received"); ok {
			s.received = strings.Trim(r, "[]")
		}
		if r, ok := v.Params.Get("rport"); ok && r != "" {
			s.rport, _ = strconv.Atoi(r)
		}
	}
	return s, true
}

// contactDecision is what the phone should advertise after a REGISTER answer.
type contactDecision struct {
	natted bool   // the registrar sees us at another address than ours
	host   string // Contact host to use
	port   int    // Contact port to use
	seen   string // the address the registrar saw ("ip:port"), for events
}

// decideContact compares how the registrar saw us (v) with our local address and listening
// port, per transport:
//   - UDP: the source the registrar saw is received (or the Via host) and rport (or the Via
//     port). When it differs from local:listenPort, the phone is behind NAT and advertises the
//     public address (what Linphone and baresip do), since the NAT forwards that address's
//     packets to our socket while the binding is kept alive.
//   - TCP (and TLS, ws, wss): the rport of a connection is always its ephemeral source port, so only a different
//     host means NAT. Then the Contact is the public address and port of the connection
//     itself (received:rport): a registrar reaches us over that same connection (the flow),
//     which keep-alives hold open and whose loss triggers a re-register.
//
// Without received/rport (a registrar or NAT that rewrites nothing) the local address stays.
func decideContact(transport, local string, listenPort int, v viaSeen) contactDecision {
	d := contactDecision{host: local, port: listenPort}
	ip := firstNonEmpty(v.received, v.host)
	port := v.rport
	if port == 0 {
		port = v.port
	}
	if port == 0 {
		port = 5060
	}
	d.seen = net.JoinHostPort(ip, strconv.Itoa(port))
	if net.ParseIP(ip) == nil {
		return d // a Via with a host name and no received: nothing learned
	}
	sameHost := net.ParseIP(ip).Equal(net.ParseIP(local))
	switch {
	case transportOrUDP(transport).stream:
		if !sameHost && v.received != "" {
			d.natted, d.host, d.port = true, ip, port
		}
	default:
		if !sameHost || (v.rport != 0 && port != listenPort) {
			d.natted, d.host, d.port = true, ip, port
		}
	}
	return d
}
