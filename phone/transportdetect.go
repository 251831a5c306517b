package phone

import (
	"softphone/phone/control"
)

// Transport detection (the seed's autotransportdetect): when no configured server answers
// over the transport in use (a timeout, a refused or lost connection), the phone rebuilds its
// SIP stack on the next plain transport, udp then tcp, and registers again; once each was
// tried without an answer it stays on the last and retries with the usual backoff, until a
// registration succeeds (which starts a new round) or a user sets transport or
// webrtcserveraddress (which ends detection). TLS and WebSocket are used only when
// configured: they change the trust settings and the SRTP policy a user chose, and
// WebSocket needs a server URL.

// detectOrder lists the transports detection moves through.
var detectOrder = []string{"udp", "tcp"}

// transportDetect is the loop goroutine's detection state.
type transportDetect struct {
	cur   string          // the transport detection chose, "" for the configured one
	tried map[string]bool // transports that got no answer in this round
}

// transport is the transport the SIP stack speaks: the one detection chose, else the
// configured one (transportParam). Owner goroutine.
func (p *Phone) transport() string {
	if p.detect.cur != "" {
		return p.detect.cur
	}
	return transportParam(p.params)
}

// nextTransport is the transport to try after cur, which got no answer; "" when every
// transport of detectOrder was tried, or cur is not one of them.
func (d *transportDetect) nextTransport(cur string) string {
	known := false
	for _, t := range detectOrder {
		known = known || t == cur
	}
	if !known {
		return ""
	}
	if d.tried == nil {
		d.tried = map[string]bool{}
	}
	d.tried[cur] = true
	for _, t := range detectOrder {
		if !d.tried[t] {
			return t
		}
	}
	return ""
}

// noAnswer is the registrar's report that no server answered over its transport: with
// autotransportdetect, the stack moves to the next transport. Owner goroutine.
func (p *Phone) noAnswer(r *registrar) {
	if p.reg != r || p.sip == nil || len(p.lines) > 0 || !p.params.Bool("autotransportdetect") {
		return
	}
	if _, ws := webrtcServer(p.params); ws {
		return
	}
	cur := p.sip.transport
	next := p.detect.nextTransport(cur)
	if next == "" {
		return
	}
	p.notice(control.KindInfo, "No server answered over %s; trying %s (autotransportdetect)", cur, next)
	p.detect.cur = next
	p.rebuildSIPNow()
}

// answered is the registrar's report of a registration: detection starts a new round.
// Owner goroutine.
func (p *Phone) answered(r *registrar) {
	if p.reg == r {
		p.detect.tried = nil
	}
}

// configuredTransport ends detection when a user sets the transport. Owner goroutine.
func (p *Phone) configuredTransport(name string) {
	if name == "transport" || name == "webrtcserveraddress" {
		p.detect = transportDetect{}
	}
}
