package sdpneg

import (
	"errors"
	"strings"
)

// Agreement is what one offer/answer exchange settled for the audio transport: the m-line
// profile and, for SRTP, the SDES suite and the a=crypto tag both sides use.
type Agreement struct {
	Profile    string // transport profile as on the m-line, e.g. "RTP/SAVP" or "RTP/AVP"
	Suite      string // SDES crypto suite in use; "" for plain RTP and DTLS-SRTP
	Tag        int    // a=crypto tag of the accepted line; meaningful only with Suite
	DTLS       bool   // DTLS-SRTP keys the stream
	DTLSClient bool   // our DTLS role is client (a=setup:active); meaningful only with DTLS
}

// Encrypted reports whether the agreement runs SRTP.
func (a Agreement) Encrypted() bool { return a.Suite != "" || a.DTLS }

// Keep returns l remembering what r agreed, so that offers built from it later in the
// session keep the transport profile, the crypto suite and tag, and our key. A result
// without agreement (rejected stream) leaves l as it is.
func (l Local) Keep(r Result) Local {
	if r.Agreement.Profile != "" {
		l.Session = r.Agreement
	}
	return l
}

// Reoffer returns the Local of a new offer within the session (hold, resume, refresh):
// the o= version bumped (RFC 3264 section 8) and the direction dir; profile, keys and
// suite stay those of l.Session.
func (l Local) Reoffer(dir Direction) Local {
	l.Version++
	l.Direction = dir
	return l
}

// BestEffortProfile is the profile of the retry after a far end refused our RTP/SAVP
// offer: RTP/AVP carrying a=crypto, which SRTP-capable answerers accept with their key and
// others answer plain.
const BestEffortProfile = "RTP/AVP"

// Fallback returns the Local for retrying a refused first offer in a less demanding form,
// and whether there is one: a DTLS-SRTP offer falls back to RTP/SAVP with its a=crypto
// under SRTPRequired, else to RTP/AVP (with the a=crypto when it had one); under
// SRTPOptional an RTP/SAVP offer falls back to RTP/AVP with the same a=crypto (best-effort
// SRTP); an offer that is already RTP/AVP, or any other offer under SRTPOff or
// SRTPRequired, has no fallback. The version is bumped as for any new offer.
func (l Local) Fallback() (Local, bool) {
	f, err := l.form()
	switch {
	case err != nil || !isSecureProfile(f.profile):
		return l, false
	case f.dtls && l.SRTP == SRTPRequired:
		l.Session = Agreement{Profile: "RTP/SAVP", Suite: f.suite, Tag: f.tag}
	case f.dtls, l.SRTP == SRTPOptional:
		l.Session = Agreement{Profile: BestEffortProfile, Suite: f.suite, Tag: f.tag}
	default:
		return l, false
	}
	l.Version++
	return l, true
}

// form is what an offer built from a Local carries on its audio m-line.
type form struct {
	profile string // e.g. "RTP/SAVP"
	crypto  bool   // an a=crypto line with suite, tag and Local.CryptoKey
	suite   string
	tag     int
	dtls    bool  // a=setup and a=fingerprint lines with Local.Fingerprint
	setup   Setup // our a=setup with dtls
}

// form decides the offer's transport: the kept session's when there is one, else by the
// DTLS policy (offer: UDP/TLS/RTP/SAVP with a=fingerprint and a=setup:actpass, plus
// a=crypto when the SRTP policy offers it, so either answer is taken) and the SRTP policy
// (off: RTP/AVP; optional: RTP/SAVP with a=crypto when we have a key; required: RTP/SAVP
// with a=crypto).
func (l Local) form() (form, error) {
	if s := l.Session; s.Profile != "" {
		f := form{profile: s.Profile, crypto: s.Suite != "", suite: s.Suite, tag: s.Tag, dtls: s.DTLS, setup: roleSetup(s.DTLSClient)}
		if f.crypto {
			if err := l.checkKey(); err != nil {
				return form{}, err
			}
		}
		if f.dtls {
			if err := l.checkFingerprint(); err != nil {
				return form{}, err
			}
		}
		return f, nil
	}
	if l.DTLS == DTLSOffer {
		if err := l.checkFingerprint(); err != nil {
			return form{}, err
		}
		f := form{profile: DTLSProfile, dtls: true, setup: SetupActPass}
		if l.offersCrypto() {
			if err := l.checkKey(); err != nil {
				return form{}, err
			}
			f.crypto, f.suite, f.tag = true, SuiteAES128SHA1_80, offerTag
		}
		return f, nil
	}
	switch {
	case l.SRTP == SRTPRequired:
		if err := l.checkKey(); err != nil {
			return form{}, err
		}
		return form{profile: "RTP/SAVP", crypto: true, suite: SuiteAES128SHA1_80, tag: offerTag}, nil
	case l.SRTP == SRTPOptional && len(l.CryptoKey) == KeyLen:
		return form{profile: "RTP/SAVP", crypto: true, suite: SuiteAES128SHA1_80, tag: offerTag}, nil
	}
	return form{profile: "RTP/AVP"}, nil
}

// FormOf describes the transport an offer built from l carries, for logs: the profile and
// which of a=crypto and a=fingerprint it has, e.g. "UDP/TLS/RTP/SAVP a=crypto a=fingerprint".
func FormOf(l Local) string {
	f, err := l.form()
	if err != nil {
		return "unusable: " + err.Error()
	}
	out := f.profile
	if f.crypto {
		out += " a=crypto"
	}
	if f.dtls {
		out += " a=fingerprint"
	}
	return out
}

// isSecureProfile reports an SRTP profile (RTP/SAVP(F), UDP/TLS/RTP/SAVP(F)).
func isSecureProfile(p string) bool {
	k, _ := profileKind(strings.Split(p, "/"))
	return k != keyPlain
}

// RFC 3261 section 20.43 warning codes for refused session descriptions.
const (
	WarnIncompatibleTransport = 302 // transport protocol (profile) not available
	WarnMediaTypeUnavailable  = 304 // no audio stream
	WarnIncompatibleFormat    = 305 // no common codec
	WarnAttributeUnknown      = 306 // no usable a=crypto
)

// Warning returns the RFC 3261 Warning code and text for a negotiation error, for the 488
// that refuses the offer: 302 for a profile our policy refuses, 306 for SRTP without a
// usable a=crypto, 304 for no audio, 305 for no common codec; 399 otherwise.
func Warning(err error) (int, string) {
	text := strings.ReplaceAll(err.Error(), `"`, "'") // warn-text is a quoted-string
	switch {
	case errors.Is(err, ErrUnsupportedProfile):
		return WarnIncompatibleTransport, "Incompatible transport protocol: " + text
	case errors.Is(err, ErrNoCrypto), errors.Is(err, ErrNoFingerprint):
		return WarnAttributeUnknown, "Attribute not understood: " + text
	case errors.Is(err, ErrNoAudio):
		return WarnMediaTypeUnavailable, "Media type not available: " + text
	case errors.Is(err, ErrNoCommonCodec):
		return WarnIncompatibleFormat, "Incompatible media format: " + text
	}
	return 399, text
}
