package sdpneg

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// keying is how an m-line profile keys its media.
type keying int

const (
	keyPlain keying = iota // RTP/AVP(F): plain, or best-effort SDES
	keySAVP                // RTP/SAVP(F): SDES, or DTLS-SRTP where peers use it so
	keyDTLS                // UDP/TLS/RTP/SAVP(F): DTLS-SRTP (RFC 5764 section 8)
)

// profileKind classifies an m-line profile; known is false for profiles we cannot run.
func profileKind(protos []string) (k keying, known bool) {
	switch strings.ToUpper(strings.Join(protos, "/")) {
	case "RTP/AVP", "RTP/AVPF":
		return keyPlain, true
	case "RTP/SAVP", "RTP/SAVPF":
		return keySAVP, true
	case "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF":
		return keyDTLS, true
	}
	return keyPlain, false
}

// profileSupported is the one place deciding which m-line transport profiles
// we accept under SRTP policy srtp and DTLS policy dtls: RTP/AVP(F) unless SRTP is
// required, RTP/SAVP(F) unless both SDES and DTLS-SRTP are off, UDP/TLS/RTP/SAVP(F)
// unless DTLS-SRTP is off. secure reports an SRTP profile.
func profileSupported(protos []string, srtp, dtls int) (secure, ok bool) {
	k, known := profileKind(protos)
	switch {
	case !known:
		return false, false
	case k == keyPlain:
		return false, srtp != SRTPRequired
	case k == keySAVP:
		return true, srtp != SRTPOff || dtls != DTLSOff
	}
	return true, dtls != DTLSOff
}

func profileError(md *sdp.MediaDescription, srtp, dtls int) error {
	why := ""
	k, _ := profileKind(md.MediaName.Protos)
	switch {
	case srtp == SRTPRequired:
		why = " (SRTP is required)"
	case k == keyDTLS && dtls == DTLSOff:
		why = " (DTLS-SRTP is off)"
	case srtp == SRTPOff:
		why = " (SRTP is off)"
	}
	return fmt.Errorf("%w: %w: audio stream uses %s%s", ErrUnsupportedProfile, ErrNoCommonCodec,
		strings.Join(md.MediaName.Protos, "/"), why)
}

// parse unmarshals raw SDP, wrapping failures in ErrMalformed.
func parse(raw []byte) (*sdp.SessionDescription, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrMalformed)
	}
	s := &sdp.SessionDescription{}
	if err := s.Unmarshal(raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return s, nil
}

// connectionIP returns the media-level c= address, else the session-level one.
func connectionIP(s *sdp.SessionDescription, md *sdp.MediaDescription) (net.IP, error) {
	ci := md.ConnectionInformation
	if ci == nil {
		ci = s.ConnectionInformation
	}
	if ci == nil || ci.Address == nil {
		return nil, fmt.Errorf("%w: audio stream has no c= line", ErrMalformed)
	}
	ip := net.ParseIP(ci.Address.Address)
	if ip == nil {
		return nil, fmt.Errorf("%w: connection address %q is not an IP address", ErrMalformed, ci.Address.Address)
	}
	return ip, nil
}

// streamResult fills a Result for an accepted audio stream md whose codec is
// f (payload type as the remote numbers it).
func streamResult(s *sdp.SessionDescription, md *sdp.MediaDescription, f Format, l Local, wish Direction) (Result, error) {
	ip, err := connectionIP(s, md)
	if err != nil {
		return Result{}, err
	}
	port := md.MediaName.Port.Value
	if port < 1 || port > 65535 {
		return Result{}, fmt.Errorf("%w: audio port %d out of range", ErrMalformed, port)
	}
	declared := mediaDirection(s, md)
	effective := declared
	if ip.IsUnspecified() { // old style hold (RFC 2543): remote receives nothing
		effective = declared.Intersect(SendOnly)
	}
	r := Result{
		Remote:          &net.UDPAddr{IP: ip, Port: port},
		Format:          f,
		LocalDirection:  wish.Intersect(effective.Reverse()),
		RemoteDirection: declared,
		Ptime:           ptimeOf(s, md, l.Ptime),
		Hold:            !effective.Receives(),
	}
	_, mux := md.Attribute(sdp.AttrKeyRTCPMux)
	r.RTCPMux = mux && l.RTCPMux
	r.RemoteRTCP = rtcpAddr(md, r.Remote, r.RTCPMux)
	r.RemoteICE = remoteICE(s, md)
	return r, nil
}

// rtcpAddr applies rtcp-mux, a=rtcp (RFC 3605) or the port+1 rule.
func rtcpAddr(md *sdp.MediaDescription, rtp *net.UDPAddr, mux bool) *net.UDPAddr {
	out := &net.UDPAddr{IP: rtp.IP, Port: rtp.Port + 1}
	if mux {
		out.Port = rtp.Port
		return out
	}
	v, ok := md.Attribute("rtcp")
	if !ok {
		return out
	}
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return out
	}
	if p, err := strconv.Atoi(fields[0]); err == nil && p > 0 && p <= 65535 {
		out.Port = p
	}
	if len(fields) == 4 {
		if ip := net.ParseIP(fields[3]); ip != nil {
			out.IP = ip
		}
	}
	return out
}

// ptimeOf reads a=ptime from the media, then the session, else our own
// preference, else 20 ms.
func ptimeOf(s *sdp.SessionDescription, md *sdp.MediaDescription, ours int) int {
	v, ok := md.Attribute("ptime")
	if !ok {
		v, ok = s.Attribute("ptime")
	}
	if ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 1 && f <= 1000 {
			return int(f)
		}
	}
	if ours > 0 {
		return ours
	}
	return 20
}
