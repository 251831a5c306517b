package phone

import (
	"strings"
	"testing"

	"softphone/phone/media"
	"softphone/phone/params"
	"softphone/phone/sdpneg"
)

// TestOfferFollowsCodecs: our SDP offer lists the codecs parameter's codecs in its order,
// each with its payload type (static, or dynamic from the registry), rtpmap clock rate and
// channels, and fmtp. (The default srtp=1 with a key offers RTP/SAVP.)
func TestOfferFollowsCodecs(t *testing.T) {
	tests := []struct {
		codecs string
		want   []string
	}{
		{"G722,PCMA", []string{" RTP/AVP 9 8 101\r\n", "a=rtpmap:9 G722/8000\r\n", "a=rtpmap:8 PCMA/8000\r\n"}},
		{"opus,pcmu", []string{" RTP/AVP 96 0 101 97\r\n", "a=rtpmap:96 opus/48000/2\r\n",
			"a=fmtp:96 maxaveragebitrate=32000;stereo=0;sprop-stereo=0;useinbandfec=1\r\n",
			"a=rtpmap:97 telephone-event/48000\r\n"}},
		{"PCMU,OPUS,G722,PCMA", []string{" RTP/AVP 0 96 9 8 101 97\r\n"}},
	}
	for _, tc := range tests {
		p := &Phone{params: params.Standard(), codecs: media.DefaultRegistry()}
		if err := p.params.Set("codecs", tc.codecs, params.ConfigFile); err != nil {
			t.Fatal(err)
		}
		offer, err := sdpneg.Offer(p.probeLocal())
		if err != nil {
			t.Fatalf("codecs=%s: %v", tc.codecs, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(offer), w) {
				t.Errorf("codecs=%s: offer lacks %q:\n%s", tc.codecs, w, offer)
			}
		}
	}
}
