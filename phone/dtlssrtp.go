package phone

import (
	"crypto/tls"
	"fmt"
	"sync"

	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/params"
	"softphone/phone/sdpneg"
)

// DTLS-SRTP (RFC 5763/5764): the keys come from a DTLS handshake on the media path, so,
// unlike SDES, they never travel in the SDP and are safe over any SIP transport. The SDP
// carries only our certificate's fingerprint; the far end's certificate must match the
// fingerprint its SDP names, or the call ends. dtlssrtp decides whether we accept (1, the
// default) or also offer (2) it; srtp=0 turns it off with the rest of SRTP.

// dtlsIdentity is the phone's DTLS certificate: a self-signed ECDSA P-256 certificate made
// once, on the first call that needs it, and kept while the phone runs.
type dtlsIdentity struct {
	once sync.Once
	cert tls.Certificate
	fp   sdpneg.Fingerprint
	err  error
}

// get returns the certificate and its fingerprint, making them the first time. Safe off
// the owner goroutine.
func (d *dtlsIdentity) get() (tls.Certificate, sdpneg.Fingerprint, error) {
	d.once.Do(func() {
		d.cert, d.err = media.NewDTLSCertificate()
		if d.err == nil {
			d.fp = sdpneg.FingerprintOf(d.cert.Certificate[0])
		}
	})
	return d.cert, d.fp, d.err
}

// dtlsModeFor is the DTLS-SRTP policy for a call's SDP (sdpneg.Local.DTLS) under ps.
func dtlsModeFor(ps *params.Params) int {
	if ps.Int("srtp") == sdpneg.SRTPOff {
		return sdpneg.DTLSOff
	}
	return ps.Int("dtlssrtp")
}

// withDTLS adds our DTLS policy and fingerprint to a call's Local. Safe off the owner
// goroutine.
func (p *Phone) withDTLS(l sdpneg.Local) (sdpneg.Local, error) {
	l.DTLS = dtlsModeFor(p.params)
	if l.DTLS == sdpneg.DTLSOff {
		return l, nil
	}
	_, fp, err := p.dtls.get()
	if err != nil {
		return l, fmt.Errorf("cannot make a DTLS certificate: %w", err)
	}
	l.Fingerprint = fp
	return l, nil
}

// startDTLS runs the DTLS-SRTP handshake a negotiation asked for (none: nothing to do) on
// the call's session, after applySRTP and Start:
// the call is marked encrypted once the keys are in place; a handshake that fails or
// does not finish within media.DefaultDTLSTimeout ends the call (BYE) with an error event
// naming the cause. A session whose handshake already ran keeps its association.
// Owner goroutine.
func (p *Phone) startDTLS(c *call, res sdpneg.Result) error {
	if res.DTLS == nil {
		return nil
	}
	d := *res.DTLS
	cert, _, err := p.dtls.get()
	if err != nil {
		return fmt.Errorf("cannot make a DTLS certificate: %w", err)
	}
	sess := c.session
	fps := d.Fingerprints
	cfg := media.DTLSConfig{
		Certificate: cert, Client: d.Client,
		VerifyPeer: func(der []byte) error { return sdpneg.VerifyCertificate(fps, der) },
	}
	sess.StartDTLS(cfg, func(err error) {
		p.post(func() {
			if c.session != sess || c.ending() || c.state == control.StateFinished {
				return
			}
			if err != nil {
				p.notice(control.KindError, "Line %d: DTLS-SRTP with %s failed: %v; ending the call", c.line, c.peer, err)
				p.endCall(c, "DTLS-SRTP failed: "+err.Error(), 3)
				return
			}
			c.encrypted = true
			p.publishLine(c)
		})
	})
	return nil
}
