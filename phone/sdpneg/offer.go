package sdpneg

import (
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// offerTag is the a=crypto tag of the one crypto line we offer.
const offerTag = 1

// Offer builds an SDP offer with one audio stream carrying l's formats in
// preference order, plus telephone-event when l.DTMF is set (at 8000 Hz and at
// each other clock rate of l.Formats). Its transport:
//   - within a session (l.Session set by Keep): the profile agreed, with the same
//     a=crypto suite, tag and l.CryptoKey when the session is encrypted, so a hold or
//     resume keeps SRTP running with unchanged keys;
//   - a first offer under SRTPRequired, or SRTPOptional with a key: RTP/SAVP with an
//     a=crypto line for AES_CM_128_HMAC_SHA1_80 carrying l.CryptoKey. A far end that
//     refuses it gets the Fallback form: RTP/AVP with the same a=crypto
//     ("best-effort SRTP"), answered with a key by SRTP-capable far ends, plain by others;
//   - a first offer under DTLSOffer: UDP/TLS/RTP/SAVP with a=setup:actpass and
//     a=fingerprint of l.Fingerprint (RFC 5763), plus the a=crypto above when the SRTP
//     policy offers one, so an SDES answer is taken too; its Fallback is RTP/SAVP with
//     a=crypto under SRTPRequired, else RTP/AVP;
//   - otherwise plain RTP/AVP.
func Offer(l Local) ([]byte, error) {
	s, err := newSession(l)
	if err != nil {
		return nil, err
	}
	wish, err := l.wish()
	if err != nil {
		return nil, err
	}
	if len(l.Formats) == 0 {
		return nil, fmt.Errorf("%w: no formats to offer", ErrBadLocal)
	}
	f, err := l.form()
	if err != nil {
		return nil, err
	}
	md := audioMedia(l.Port, strings.Split(f.profile, "/"))
	used := map[uint8]bool{}
	for _, fm := range l.Formats {
		if err := checkFormat(fm); err != nil {
			return nil, err
		}
		if used[fm.PT] {
			return nil, fmt.Errorf("%w: payload type %d used twice", ErrBadLocal, fm.PT)
		}
		used[fm.PT] = true
		addFormat(md, fm)
	}
	if l.DTMF {
		// telephone-event at 8000 Hz, and at each other clock rate of our codecs (Opus:
		// 48000), since events share the audio's SSRC and so its clock (RFC 4733 2.1).
		rates := []int{8000}
		for _, fm := range l.Formats {
			if !slices.Contains(rates, fm.Rate) {
				rates = append(rates, fm.Rate)
			}
		}
		for _, rate := range rates {
			pt := freePT(used)
			used[pt] = true
			addFormat(md, Format{PT: pt, Name: telephoneEvent, Rate: rate, Fmtp: "0-16"})
		}
	}
	if f.crypto {
		md.Attributes = append(md.Attributes, cryptoAttr(f.tag, f.suite, l.CryptoKey))
	}
	if f.dtls {
		md.Attributes = append(md.Attributes, dtlsAttrs(f.setup, l.Fingerprint)...)
	}
	finishMedia(md, l, wish, l.RTCPMux)
	s.MediaDescriptions = append(s.MediaDescriptions, md)
	return s.Marshal()
}

// freePT returns 101 unless taken, else the first free dynamic payload type.
func freePT(used map[uint8]bool) uint8 {
	if !used[defaultDTMFPT] {
		return defaultDTMFPT
	}
	for pt := uint8(96); pt <= 127; pt++ {
		if !used[pt] {
			return pt
		}
	}
	return defaultDTMFPT
}

func checkFormat(f Format) error {
	if f.Name == "" || f.Rate <= 0 || f.PT > 127 {
		return fmt.Errorf("%w: format %+v needs a name, a clock rate and a payload type 0-127", ErrBadLocal, f)
	}
	return nil
}

// newSession builds the session-level part of our SDP (v, o, s, c, t).
func newSession(l Local) (*sdp.SessionDescription, error) {
	ip := net.ParseIP(l.IP)
	if ip == nil {
		return nil, fmt.Errorf("%w: IP %q is not an IP address", ErrBadLocal, l.IP)
	}
	if l.Port < 1 || l.Port > 65535 {
		return nil, fmt.Errorf("%w: port %d out of range 1-65535", ErrBadLocal, l.Port)
	}
	addrType := "IP4"
	if ip.To4() == nil {
		addrType = "IP6"
	}
	user := l.Username
	if user == "" {
		user = "-"
	}
	return &sdp.SessionDescription{
		Origin: sdp.Origin{
			Username: user, SessionID: l.SessionID, SessionVersion: l.Version,
			NetworkType: "IN", AddressType: addrType, UnicastAddress: ip.String(),
		},
		SessionName: "-",
		ConnectionInformation: &sdp.ConnectionInformation{
			NetworkType: "IN", AddressType: addrType, Address: &sdp.Address{Address: ip.String()},
		},
		TimeDescriptions: []sdp.TimeDescription{{}},
	}, nil
}

func audioMedia(port int, protos []string) *sdp.MediaDescription {
	return &sdp.MediaDescription{MediaName: sdp.MediaName{
		Media: "audio", Port: sdp.RangedPort{Value: port}, Protos: protos,
	}}
}

// finishMedia appends ptime, rtcp-mux and direction attributes.
func finishMedia(md *sdp.MediaDescription, l Local, dir Direction, mux bool) {
	ptime := l.Ptime
	if ptime <= 0 {
		ptime = 20
	}
	md.Attributes = append(md.Attributes, sdp.NewAttribute("ptime", strconv.Itoa(ptime)))
	if l.ICE != nil {
		iceAttrs(md, l.ICE)
	}
	if mux {
		md.Attributes = append(md.Attributes, sdp.NewPropertyAttribute(sdp.AttrKeyRTCPMux))
	}
	md.Attributes = append(md.Attributes, sdp.NewPropertyAttribute(string(dir)))
}
