package params

import "strings"

// natDefs are the parameters of NAT traversal for media (issue 10): a STUN server for the
// public address of RTP sockets, ICE, and a TURN relay.
func natDefs() []Def {
	return []Def{
		{Name: "stunserver", Check: hostPort(false, 1),
			Help: "STUN server host[:port] (port 3478 when omitted) that tells the phone its public RTP address; empty for none"},
		{Name: "use_fast_stun", Kind: Enum, Default: "1", Enum: []string{"0", "1", "2"}, Check: boolToEnum,
			Help: "STUN for the SDP address without ICE: 0 never, 1 when the registrar sees the phone behind NAT, 2 always (needs stunserver)"},
		{Name: "icemode", Kind: Enum, Default: "off", Enum: []string{"off", "offered", "always"}, Check: iceCode,
			Aliases: []string{"use_fast_ice"},
			Help:    "ICE for media: off; offered (ICE answered when an offer carries it; our offers without); always (ICE in our offers too, and an SDP without ICE is refused); seed codes 0, 1, 2"},
		{Name: "turnserver", Check: hostPort(false, 1),
			Help: "TURN server host[:port] (port 3478 when omitted) for relay candidates when ICE is on; empty for none"},
		{Name: "turnusername", Help: "user name the TURN server knows (long-term credentials)"},
		{Name: "turnpassword", Kind: Secret, Help: "password of turnusername at the TURN server"},
	}
}

// iceCode maps the seed's use_fast_ice codes onto icemode's names.
func iceCode(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "false", "no":
		return "off", nil
	case "1", "true", "yes", "on":
		return "offered", nil
	case "2":
		return "always", nil
	}
	return strings.ToLower(strings.TrimSpace(v)), nil
}
