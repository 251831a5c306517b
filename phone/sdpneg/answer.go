package sdpneg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pion/sdp/v3"
)

// plan is the negotiation of an offer: which m-line carries our audio and
// what goes into the answer for it.
type plan struct {
	index  int    // offered m-line we accept; -1 when every audio stream has port 0
	codec  Format // our answer's codec line (offerer's PT, our fmtp if any)
	dtmf   *Format
	crypto *crypto // the offer's a=crypto we accepted; nil for plain RTP
	result Result
}

// ParseOffer negotiates a remote offer against l, as Answer does, without
// building an answer.
func ParseOffer(offer []byte, l Local) (Result, error) {
	s, err := parse(offer)
	if err != nil {
		return Result{}, err
	}
	p, err := negotiate(s, l)
	return p.result, err
}

// Answer negotiates a remote offer against l and builds our answer. It picks
// the first of our formats (l.Formats, the user's codecs order) that the offer
// has, with the offerer's payload type (RFC 3264 section 6.1 lets the answerer
// prefer its own order), adds
// telephone-event with the offerer's payload type when both want DTMF,
// answers the complement of the offered direction limited by l.Direction, and
// rejects every other m-line with port 0, keeping their count and order. It
// returns an error wrapping ErrNoCommonCodec when no audio codec matches.
func Answer(offer []byte, l Local) ([]byte, Result, error) {
	s, err := parse(offer)
	if err != nil {
		return nil, Result{}, err
	}
	p, err := negotiate(s, l)
	if err != nil {
		return nil, Result{}, err
	}
	out, err := newSession(l)
	if err != nil {
		return nil, Result{}, err
	}
	for i, md := range s.MediaDescriptions {
		if i != p.index {
			out.MediaDescriptions = append(out.MediaDescriptions, rejected(md))
			continue
		}
		a := audioMedia(l.Port, md.MediaName.Protos)
		addFormat(a, p.codec)
		if p.dtmf != nil {
			addFormat(a, *p.dtmf)
		}
		if p.crypto != nil {
			a.Attributes = append(a.Attributes, cryptoAttr(p.crypto.tag, p.crypto.suite, l.CryptoKey))
		}
		la := l
		if p.result.RemoteICE == nil {
			la.ICE = nil // ICE only toward an offer that speaks it
		}
		if d := p.result.DTLS; d != nil {
			a.Attributes = append(a.Attributes, dtlsAttrs(roleSetup(d.Client), l.Fingerprint)...)
		}
		finishMedia(a, la, p.result.LocalDirection, p.result.RTCPMux)
		out.MediaDescriptions = append(out.MediaDescriptions, a)
	}
	b, err := out.Marshal()
	return b, p.result, err
}

// rejected answers an m-line with port 0 (RFC 3264 section 6).
func rejected(md *sdp.MediaDescription) *sdp.MediaDescription {
	formats := md.MediaName.Formats
	if len(formats) == 0 {
		formats = []string{"0"}
	}
	return &sdp.MediaDescription{MediaName: sdp.MediaName{
		Media: md.MediaName.Media, Port: sdp.RangedPort{Value: 0},
		Protos: md.MediaName.Protos, Formats: formats[:1],
	}}
}

// negotiate picks the first usable audio stream of the offer.
func negotiate(s *sdp.SessionDescription, l Local) (plan, error) {
	wish, err := l.wish()
	if err != nil {
		return plan{}, err
	}
	var codecErr, profErr error
	audio := false
	for i, md := range s.MediaDescriptions {
		if !strings.EqualFold(md.MediaName.Media, "audio") {
			continue
		}
		audio = true
		if md.MediaName.Port.Value == 0 {
			continue
		}
		secure, ok := profileSupported(md.MediaName.Protos, l.SRTP, l.DTLS)
		if !ok {
			profErr = profileError(md, l.SRTP, l.DTLS)
			continue
		}
		kind, _ := profileKind(md.MediaName.Protos)
		var c crypto
		var dt *DTLS
		useDTLS := kind == keyDTLS
		if kind == keySAVP {
			// SDES when our policy runs it and the offer has a usable a=crypto; else
			// DTLS-SRTP when the offer carries a fingerprint (RTP/SAVPF as some peers use it).
			var sdesErr error
			if l.SRTP != SRTPOff {
				if err := l.checkKey(); err != nil {
					return plan{}, err
				}
				if c, sdesErr = pickCrypto(md, nil); sdesErr != nil && !errors.Is(sdesErr, ErrNoCrypto) {
					return plan{}, sdesErr
				}
			} else {
				sdesErr = profileError(md, l.SRTP, DTLSOff)
			}
			if sdesErr != nil {
				if l.DTLS == DTLSOff || !hasFingerprint(s, md) {
					profErr = sdesErr
					continue
				}
				useDTLS = true
			}
		}
		if useDTLS {
			if err := l.checkFingerprint(); err != nil {
				return plan{}, err
			}
			fps, setup, err := remoteDTLS(s, md)
			if err != nil {
				profErr = err
				continue
			}
			ours, err := answerRole(setup)
			if err != nil {
				profErr = err
				continue
			}
			dt = &DTLS{Client: ours == SetupActive, Fingerprints: fps}
			if l.Session.DTLS {
				dt.Client = l.Session.DTLSClient // the association runs on: the roles stay
			}
		} else if !secure && l.offersCrypto() && hasCrypto(md) {
			// Best-effort SRTP: an RTP/AVP offer with a usable a=crypto is answered
			// with ours; one we cannot use leaves the call plain.
			if bc, err := pickCrypto(md, nil); err == nil {
				c, secure = bc, true
			}
		}
		p, err := negotiateStream(s, md, l, wish)
		if errors.Is(err, ErrNoCommonCodec) {
			codecErr = err
			continue
		}
		if err == nil {
			p.result.Agreement = Agreement{Profile: strings.Join(md.MediaName.Protos, "/")}
		}
		switch {
		case err == nil && dt != nil:
			p.result.DTLS = dt
			p.result.Agreement.DTLS, p.result.Agreement.DTLSClient = true, dt.Client
		case secure && err == nil:
			p.crypto = &c
			p.result.RemoteKey, p.result.Suite = c.key, c.suite
			p.result.Agreement.Suite, p.result.Agreement.Tag = c.suite, c.tag
		}
		p.index = i
		return p, err
	}
	switch {
	case !audio:
		return plan{}, fmt.Errorf("%w: offer has no audio stream", ErrNoAudio)
	case codecErr != nil:
		return plan{}, codecErr
	case profErr != nil:
		return plan{}, profErr
	}
	// Every audio stream was offered with port 0: answer them all with port 0.
	return plan{index: -1, result: Result{LocalDirection: Inactive, RemoteDirection: Inactive}}, nil
}

func negotiateStream(s *sdp.SessionDescription, md *sdp.MediaDescription, l Local, wish Direction) (plan, error) {
	offered := mediaFormats(md)
	for _, ours := range l.Formats {
		f, ok := findLocal(offered, ours)
		if !ok || f.isTelephoneEvent() {
			continue
		}
		p := plan{codec: f}
		if ours.Fmtp != "" {
			p.codec.Fmtp = ours.Fmtp
		}
		p.codec.Name = ours.Name
		r, err := streamResult(s, md, Format{PT: f.PT, Name: ours.Name, Rate: f.Rate, Channels: f.channels(), Fmtp: f.Fmtp}, l, wish)
		if err != nil {
			return plan{}, err
		}
		if te, ok := pickDTMF(offered, f.Rate); ok && l.DTMF {
			p.dtmf = &te
			r.DTMFPT = te.PT
		}
		p.result = r
		return p, nil
	}
	return plan{}, fmt.Errorf("%w: offer has %s, we support %s", ErrNoCommonCodec, names(offered), names(l.Formats))
}

// names lists format names for error messages.
func names(fs []Format) string {
	var b strings.Builder
	for _, f := range fs {
		if f.isTelephoneEvent() {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(",")
		}
		b.WriteString(f.Name)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}
