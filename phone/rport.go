package phone

import (
	"net"
	"strconv"
)

// rportMode is the seed's use_rport: what the phone does with the address its registrar
// saw it at (the received and rport parameters of the Via in the REGISTER answer, RFC 3581).
type rportMode int

// The use_rport values.
const (
	rportServer  rportMode = 0 // the server handles NAT: rport asked, the Contact keeps the local address
	rportAuto    rportMode = 1 // the address the registrar saw, when it differs from ours (decideContact)
	rportAlways  rportMode = 2 // always the address the registrar saw, also a stream's own port
	rportAlways3 rportMode = 3 // as 2: the seed names "2 or 3" for servers that need a public address
	rportOff     rportMode = 9 // private addresses only: no rport in Via, the Contact keeps the local address
)

// rportParam reads use_rport (checked by its definition: 0, 1, 2, 3 or 9).
func rportParam(v string) rportMode {
	n, err := strconv.Atoi(v)
	if err != nil {
		return rportAuto
	}
	return rportMode(n)
}

// asksRport says whether the Via of our requests carries an empty rport parameter.
func (m rportMode) asksRport() bool { return m != rportOff }

// decide turns what decideContact found (d, from the Via v, with our local address and
// listening port) into the Contact address under mode m.
func (m rportMode) decide(d contactDecision, v viaSeen, local string, listenPort int) contactDecision {
	switch m {
	case rportServer, rportOff:
		d.natted, d.host, d.port = false, local, listenPort
	case rportAlways, rportAlways3:
		if v.received == "" && v.rport == 0 {
			return d // the registrar said nothing about where it saw us
		}
		host, ps, err := net.SplitHostPort(d.seen)
		port, _ := strconv.Atoi(ps)
		if err != nil || net.ParseIP(host) == nil || port == 0 {
			return d
		}
		d.host, d.port = host, port
		d.natted = !net.ParseIP(host).Equal(net.ParseIP(local)) || port != listenPort
	}
	return d
}
