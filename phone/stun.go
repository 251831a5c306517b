package phone

import (
	"errors"

	"softphone/phone/control"
	"softphone/phone/media"
)

// stunFor returns the STUN server a new RTP session asks for its public address: stunserver
// when use_fast_stun is 2, or 1 and the registrar sees the phone behind NAT; "" for none.
// Safe off the owner goroutine.
func (p *Phone) stunFor() string {
	server := p.params.Get("stunserver")
	if server == "" {
		return ""
	}
	switch p.params.Get("use_fast_stun") {
	case "2":
		return server
	case "1":
		if p.sip != nil && p.sip.behindNAT() {
			return server
		}
	}
	return ""
}

// applySTUN puts a session's STUN-learned public address into the SDP description, or
// reports (an event naming the server) that the STUN server gave none, in which case the
// local address stays. Safe off the owner goroutine.
func (p *Phone) applySTUN(sess *media.Session, server string, ip *string, port *int) {
	if pub := sess.PublicAddr(); pub != nil {
		*ip, *port = pub.IP.String(), pub.Port
		return
	}
	if err := sess.STUNError(); err != nil && errors.Is(err, media.ErrSTUN) {
		local := *ip
		p.post(func() {
			p.notice(control.KindError, "STUN server %s (parameter stunserver) gave no public address: %v; the call goes on with the local address %s",
				server, err, local)
		})
	}
}
