package sdpneg

import (
	"strings"

	"github.com/pion/sdp/v3"
)

// ICE is one side's ICE description (RFC 8839): its credentials and candidates.
type ICE struct {
	Ufrag, Pwd string
	// Candidates are a=candidate values without the "candidate:" prefix, e.g.
	// "1 1 UDP 2130706431 192.168.1.10 40000 typ host".
	Candidates []string
	// EndOfCandidates: the list is complete (a=end-of-candidates, no trickle).
	EndOfCandidates bool
}

// iceAttrs appends ours to an audio m-line: ice-ufrag, ice-pwd, each candidate, and
// end-of-candidates (we gather before offering, so the list is complete).
func iceAttrs(md *sdp.MediaDescription, ice *ICE) {
	md.Attributes = append(md.Attributes, sdp.NewAttribute("ice-ufrag", ice.Ufrag), sdp.NewAttribute("ice-pwd", ice.Pwd))
	for _, c := range ice.Candidates {
		md.Attributes = append(md.Attributes, sdp.NewAttribute("candidate", c))
	}
	md.Attributes = append(md.Attributes, sdp.NewPropertyAttribute("end-of-candidates"))
}

// remoteICE reads the far end's ICE description of an audio stream: ice-ufrag and ice-pwd
// from the m-line or else the session, the m-line's candidates. nil when it has none of
// them (no ICE). Candidate values are kept as written; media.ParseCandidates judges them.
func remoteICE(s *sdp.SessionDescription, md *sdp.MediaDescription) *ICE {
	get := func(key string) string {
		if v, ok := md.Attribute(key); ok {
			return strings.TrimSpace(v)
		}
		if v, ok := s.Attribute(key); ok {
			return strings.TrimSpace(v)
		}
		return ""
	}
	ice := &ICE{Ufrag: get("ice-ufrag"), Pwd: get("ice-pwd")}
	for _, a := range md.Attributes {
		switch a.Key {
		case "candidate":
			ice.Candidates = append(ice.Candidates, strings.TrimSpace(a.Value))
		case "end-of-candidates":
			ice.EndOfCandidates = true
		}
	}
	if ice.Ufrag == "" && ice.Pwd == "" && len(ice.Candidates) == 0 {
		return nil
	}
	return ice
}

// OfferICE returns the ICE description of an offer's first audio stream, nil when the
// offer has no ICE (or cannot be parsed: negotiating it reports why).
func OfferICE(offer []byte) *ICE {
	s, err := parse(offer)
	if err != nil {
		return nil
	}
	for _, md := range s.MediaDescriptions {
		if strings.EqualFold(md.MediaName.Media, "audio") && md.MediaName.Port.Value != 0 {
			return remoteICE(s, md)
		}
	}
	return nil
}
