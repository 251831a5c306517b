package params

import (
	"errors"
	"strings"
)

// CodecSwitch is one of the seed's per-codec use_xxx switches: the parameter, the codec it
// names and whether this build has that codec (Codec is then its name in KnownCodecs).
type CodecSwitch struct {
	Param     string // parameter name, e.g. "use_pcma"
	Codec     string // codec name: a KnownCodecs name when Available, else a display name
	Available bool   // the phone can send and receive this codec
}

// CodecSwitches lists the seed's use_xxx switches in the seed's order. Values (the seed:
// "set to 2 or 3" enables, "0 or 1" disables): empty, the default, leaves the codecs
// parameter in charge; 0 or 1 keep the codec out of offers and answers; 2 offers it (after
// the codecs list when that does not name it); 3 offers it first. A switch for a codec this
// build does not have, set to 2 or 3, gives a warning naming the codec when a call starts,
// and the call goes on with the other codecs.
func CodecSwitches() []CodecSwitch {
	return []CodecSwitch{
		{Param: "use_pcma", Codec: "PCMA", Available: true},
		{Param: "usgsm", Codec: "GSM"},
		{Param: "use_speex", Codec: "Speex narrowband"},
		{Param: "use_speexwb", Codec: "Speex wideband"},
		{Param: "use_g729", Codec: "G.729"},
		{Param: "use_ilbc", Codec: "iLBC"},
	}
}

// codecDefs are the codec-related seed parameters of issue 11: the use_xxx switches,
// setfinalcodec and vad.
func codecDefs() []Def {
	var out []Def
	for _, s := range CodecSwitches() {
		help := "seed codec switch for " + s.Codec + ": empty follows codecs, 0/1 not offered, 2 offered, 3 offered first"
		if !s.Available {
			help = "seed codec switch for " + s.Codec + ", which this build does not have: 2/3 give a warning when a call starts"
		}
		out = append(out, Def{Name: s.Param, Check: codecSwitch, Help: help})
	}
	return append(out,
		Def{Name: "setfinalcodec", Kind: Int, Default: "0", Min: 0, Max: 1,
			Help: "1: when the answer to our INVITE lists several codecs, a re-INVITE offers only the one in use; 0 never (the seed's advice for servers that drop such calls)"},
		Def{Name: "vad", Kind: Int, Default: "2", Min: 0, Max: 3,
			Help: "voice activity detection: 0/1 off (VAD notifications say OFF), 2 measured for the VAD notifications, 3 also no RTP sent while the microphone is silent (from the next call)"},
	)
}

// codecSwitch accepts a use_xxx value: empty or 0-3.
func codecSwitch(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch v {
	case "", "0", "1", "2", "3":
		return v, nil
	}
	return "", errors.New("is not empty or 0-3 (0/1 off, 2 on, 3 first)")
}
