package sdpneg

import (
	"strconv"
	"strings"
	"testing"
)

// TestCommonCodecs: the codecs of ours an answer lists, in the answer's order and with our
// payload types (opus answered on another one), telephone-event and codecs we did not offer
// left out; a bad answer has none. Only restricts an offer to one codec.
func TestCommonCodecs(t *testing.T) {
	l := testLocal()
	answer := offerOf("192.0.2.20", "m=audio 6000 RTP/AVP 0 18 96 8 101",
		"a=rtpmap:18 G729/8000", "a=rtpmap:96 opus/48000/2", "a=rtpmap:101 telephone-event/8000")
	var got []string
	for _, f := range CommonCodecs(l, answer) {
		got = append(got, f.Name+"/"+strconv.Itoa(int(f.PT)))
	}
	if want := "PCMU/0 opus/111 PCMA/8"; strings.Join(got, " ") != want {
		t.Errorf("common codecs %q, want %q", strings.Join(got, " "), want)
	}
	if c := CommonCodecs(l, []byte("not sdp")); c != nil {
		t.Errorf("common codecs of a bad answer: %v", c)
	}
	only, ok := l.Only(Format{PT: 96, Name: "OPUS", Rate: 48000, Channels: 2})
	if !ok || len(only.Formats) != 1 || only.Formats[0].PT != 111 || len(l.Formats) != 4 {
		t.Errorf("Only(opus): %+v %v; the original has %d formats", only.Formats, ok, len(l.Formats))
	}
	if _, ok := l.Only(Format{PT: 18, Name: "G729", Rate: 8000, Channels: 1}); ok {
		t.Error("Only(G729), a codec not offered: ok")
	}
}
