package sdpneg

import (
	"fmt"
	"strings"

	"github.com/pion/sdp/v3"
)

// ParseAnswer validates a remote answer against the Local description our
// offer was built from and returns the negotiated session. The codec is the
// first of the answer's formats that we offered (the answerer's preference).
// An answer rejecting our audio stream (port 0) gives a Result with a nil
// Remote and no error. An answer to an RTP/SAVP offer must be RTP/SAVP and
// accept our a=crypto (same tag and suite) with its own key; an RTP/AVP answer
// to our best-effort offer (SRTPOptional) is encrypted when it does the same,
// plain when it has no a=crypto. An answer to a DTLS-SRTP offer (UDP/TLS/RTP/SAVP with
// a=fingerprint) is DTLS-SRTP when it carries a=fingerprint and no a=crypto we offered,
// SDES when it accepts our a=crypto; our DTLS role follows its a=setup.
func ParseAnswer(offer Local, answer []byte) (Result, error) {
	wish, err := offer.wish()
	if err != nil {
		return Result{}, err
	}
	s, err := parse(answer)
	if err != nil {
		return Result{}, err
	}
	if len(s.MediaDescriptions) == 0 {
		return Result{}, fmt.Errorf("%w: answer has no audio stream", ErrNoAudio)
	}
	if len(s.MediaDescriptions) != 1 {
		return Result{}, fmt.Errorf("%w: answer has %d m-lines, our offer had 1", ErrMalformed, len(s.MediaDescriptions))
	}
	md := s.MediaDescriptions[0]
	if !strings.EqualFold(md.MediaName.Media, "audio") {
		return Result{}, fmt.Errorf("%w: answer's m-line is %q, our offer was audio", ErrNoAudio, md.MediaName.Media)
	}
	if md.MediaName.Port.Value == 0 {
		return Result{LocalDirection: Inactive, RemoteDirection: Inactive}, nil
	}
	secure, ok := profileSupported(md.MediaName.Protos, offer.SRTP, offer.DTLS)
	if !ok {
		return Result{}, profileError(md, offer.SRTP, offer.DTLS)
	}
	f, err := offer.form()
	if err != nil {
		return Result{}, err
	}
	proto := strings.Join(md.MediaName.Protos, "/")
	dt, err := answeredDTLS(s, md, f)
	if err != nil {
		return Result{}, err
	}
	switch {
	case dt != nil:
		secure = false // keyed by DTLS, not by a=crypto
	case secure && !f.crypto:
		return Result{}, fmt.Errorf("%w: %w: answer uses %s, our offer was %s without a=crypto", ErrUnsupportedProfile,
			ErrNoCommonCodec, proto, f.profile)
	case !secure && isSecureProfile(f.profile) && !hasCrypto(md):
		// A plain answer to an RTP/SAVP offer (RFC 3264 section 6: the answer keeps the
		// offer's transport); an RTP/AVP answer with a=crypto is taken as encrypted below.
		return Result{}, fmt.Errorf("%w: %w: answer uses %s without a=crypto, our offer was %s", ErrUnsupportedProfile,
			ErrNoCommonCodec, proto, f.profile)
	}
	// An RTP/AVP answer to our a=crypto is encrypted when it carries an a=crypto.
	if dt == nil && !secure && f.crypto && hasCrypto(md) {
		secure = true
	}
	var c crypto
	if secure {
		var err error
		c, err = pickCrypto(md, func(c crypto) bool { return c.tag == f.tag && c.suite == f.suite })
		if err != nil {
			return Result{}, err
		}
	}
	answered := mediaFormats(md)
	for _, f := range answered {
		if f.isTelephoneEvent() {
			continue
		}
		ours, ok := findLocal(offer.Formats, f)
		if !ok {
			continue
		}
		f.Name = ours.Name
		r, err := streamResult(s, md, f, offer, wish)
		if err != nil {
			return Result{}, err
		}
		if te, ok := pickDTMF(answered, f.Rate); ok && offer.DTMF {
			r.DTMFPT = te.PT
		}
		r.Agreement = Agreement{Profile: proto}
		if dt != nil {
			r.DTLS = dt
			r.Agreement.DTLS, r.Agreement.DTLSClient = true, dt.Client
		}
		if secure {
			r.RemoteKey, r.Suite = c.key, c.suite
			r.Agreement.Suite, r.Agreement.Tag = c.suite, c.tag
		}
		return r, nil
	}
	return Result{}, fmt.Errorf("%w: answer has %s, we offered %s", ErrNoCommonCodec, names(answered), names(offer.Formats))
}

// answeredDTLS reads the DTLS-SRTP part of an answer to our offer of form f: nil when the
// answer is not DTLS-SRTP (no a=fingerprint, or an SDES answer on RTP/SAVP(F)); an error
// when it is DTLS-SRTP but we did not offer it, or its fingerprint or setup is unusable.
func answeredDTLS(s *sdp.SessionDescription, md *sdp.MediaDescription, f form) (*DTLS, error) {
	kind, _ := profileKind(md.MediaName.Protos)
	proto := strings.Join(md.MediaName.Protos, "/")
	switch {
	case kind == keyPlain, kind == keySAVP && (!f.dtls || hasCrypto(md) || !hasFingerprint(s, md)):
		return nil, nil
	case !f.dtls:
		return nil, fmt.Errorf("%w: %w: answer uses %s, our offer was %s without a=fingerprint", ErrUnsupportedProfile,
			ErrNoCommonCodec, proto, f.profile)
	}
	fps, setup, err := remoteDTLS(s, md)
	if err != nil {
		return nil, err
	}
	client, err := answeredRole(f.setup, setup)
	if err != nil {
		return nil, err
	}
	return &DTLS{Client: client, Fingerprints: fps}, nil
}
