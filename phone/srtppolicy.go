package phone

import (
	"softphone/phone/params"
	"softphone/phone/sdpneg"
)

// SDES keys (RFC 4568 a=crypto) travel in the SDP, so they are only as secret as the
// signalling: anyone who reads a UDP or TCP SIP message can decrypt the call. The phone
// therefore puts keys in SDP, and takes them from it, only over TLS unless the user allows
// otherwise:
//
//   - srtp=1 (best effort, the default) encrypts over transport=tls; over udp and tcp the
//     call is plain RTP (a=crypto neither offered nor accepted) unless srtpsdesplain=1.
//   - srtp=2 (required) is the user's explicit demand for encryption, which over udp or tcp
//     only SDES can meet: it keeps working there (what a PBX requiring RTP/SAVP over UDP
//     needs) and the phone says at stack start that the keys travel readable.
//   - srtp=0 is off everywhere.

// srtpMode is the SDES policy for a call's SDP (sdpneg.Local.SRTP) under the current
// parameters. Safe off the owner goroutine (it reads only parameters).
func (p *Phone) srtpMode() int { return srtpModeFor(p.params) }

// srtpModeFor is srtpMode for ps.
func srtpModeFor(ps *params.Params) int {
	mode := ps.Int("srtp")
	if mode == sdpneg.SRTPOptional && !sdesAllowed(ps) {
		return sdpneg.SRTPOff
	}
	return mode
}

// sdesAllowed reports whether SDES keys may go in SDP: over TLS (tls, wss), or anywhere with
// srtpsdesplain=1.
func sdesAllowed(ps *params.Params) bool {
	return transportOrUDP(transportParam(ps)).encrypted || ps.Bool("srtpsdesplain")
}

// srtpNotice is what the phone says at stack start about SDES over a plain transport, ""
// when there is nothing to say.
func srtpNotice(ps *params.Params) string {
	tp := transportParam(ps)
	if transportOrUDP(tp).encrypted {
		return ""
	}
	switch {
	case ps.Int("srtp") == sdpneg.SRTPRequired:
		return "SRTP required (srtp=2) over " + tp + ": the SDES keys travel in readable SIP; transport=tls keeps them secret"
	case ps.Int("srtp") == sdpneg.SRTPOptional && ps.Bool("srtpsdesplain"):
		return "SRTP over " + tp + " (srtpsdesplain=1): the SDES keys travel in readable SIP; transport=tls keeps them secret"
	}
	return ""
}
