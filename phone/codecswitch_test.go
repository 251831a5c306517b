package phone

import (
	"slices"
	"strings"
	"testing"

	"softphone/phone/media"
	"softphone/phone/params"
	"softphone/phone/sdpneg"
)

// TestCodecSwitchesShapeOffer: the seed's use_pcma switch takes PCMA out of the offer (0, 1),
// adds it after the codecs list (2) or puts it first (3); empty leaves codecs in charge.
// Switches for codecs this build lacks change nothing in the offer, and switches that would
// leave no codec are not applied.
func TestCodecSwitchesShapeOffer(t *testing.T) {
	tests := []struct {
		codecs string
		sets   []string
		want   string // the offer's m-line formats
	}{
		{"PCMU,PCMA", nil, "0 8 101"},
		{"PCMU,PCMA", []string{"use_pcma", "0"}, "0 101"},
		{"PCMU,PCMA", []string{"use_pcma", "1"}, "0 101"},
		{"PCMU", []string{"use_pcma", "2"}, "0 8 101"},
		{"PCMU,G722", []string{"use_pcma", "3"}, "8 0 9 101"},
		{"PCMU,PCMA", []string{"usgsm", "2", "use_g729", "3", "use_ilbc", "2", "use_speex", "3", "use_speexwb", "2"}, "0 8 101"},
		{"PCMA", []string{"use_pcma", "0"}, "8 101"},
	}
	for _, tc := range tests {
		p := &Phone{params: params.Standard(), codecs: media.DefaultRegistry()}
		sets := append([]string{"codecs", tc.codecs}, tc.sets...)
		for i := 0; i < len(sets); i += 2 {
			if err := p.params.Set(sets[i], sets[i+1], params.ConfigFile); err != nil {
				t.Fatal(err)
			}
		}
		if got := offerLine(t, p); got != tc.want {
			t.Errorf("codecs=%s %v: offer m-line ends %q, want %q", tc.codecs, tc.sets, got, tc.want)
		}
	}
}

// TestCodecSwitchValues: a use_xxx value other than empty or 0-3 is refused, naming the
// parameter and the value.
func TestCodecSwitchValues(t *testing.T) {
	ps := params.Standard()
	for _, s := range params.CodecSwitches() {
		err := ps.Set(s.Param, "yes", params.ConfigFile)
		if err == nil || !strings.Contains(err.Error(), s.Param) || !strings.Contains(err.Error(), `"yes"`) {
			t.Errorf("%s=yes: error %v, want one naming the parameter and the value", s.Param, err)
		}
	}
}

// TestCodecSwitchWarnings: each switch set to 2 or 3 for a codec this build lacks gives a
// warning naming the codec, the parameter and its value and saying it is not available; 0 or
// 1 give none; switches that would leave no codec give one saying they are ignored.
func TestCodecSwitchWarnings(t *testing.T) {
	tests := []struct {
		sets []string
		want []string
	}{
		{nil, nil},
		{[]string{"usgsm", "0", "use_g729", "1", "use_pcma", "2"}, nil},
		{[]string{"usgsm", "2", "use_speex", "3", "use_speexwb", "2", "use_g729", "3", "use_ilbc", "2"}, []string{
			"Codec GSM (usgsm=2) is not available in this build; the call uses PCMU,PCMA",
			"Codec Speex narrowband (use_speex=3) is not available in this build; the call uses PCMU,PCMA",
			"Codec Speex wideband (use_speexwb=2) is not available in this build; the call uses PCMU,PCMA",
			"Codec G.729 (use_g729=3) is not available in this build; the call uses PCMU,PCMA",
			"Codec iLBC (use_ilbc=2) is not available in this build; the call uses PCMU,PCMA",
		}},
		{[]string{"codecs", "PCMA", "use_pcma", "0"}, []string{
			"The use_xxx codec switches leave no codec of codecs=PCMA; they are ignored and the call uses PCMU,PCMA",
		}},
	}
	for _, tc := range tests {
		ps := params.Standard()
		for i := 0; i < len(tc.sets); i += 2 {
			if err := ps.Set(tc.sets[i], tc.sets[i+1], params.ConfigFile); err != nil {
				t.Fatal(err)
			}
		}
		if got := codecSwitchWarnings(ps.Get, "PCMU,PCMA"); !slices.Equal(got, tc.want) {
			t.Errorf("%v: warnings\n%q\nwant\n%q", tc.sets, got, tc.want)
		}
	}
}

// offerLine returns the formats of the audio m-line of p's offer, e.g. "0 8 101".
func offerLine(t *testing.T, p *Phone) string {
	t.Helper()
	offer, err := sdpneg.Offer(p.probeLocal())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(offer), "\r\n") {
		if f := strings.Fields(l); strings.HasPrefix(l, "m=audio ") && len(f) > 3 {
			return strings.Join(f[3:], " ")
		}
	}
	t.Fatalf("no audio m-line in\n%s", offer)
	return ""
}
