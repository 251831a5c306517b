package phone_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationGetSDP calls a baresip that offers only PCMA and requires SRTP (SDES) and
// reads the call's SDP offer/answer through the control API: both hold the negotiated
// codec (the line's) and an a=crypto line whose key is masked.
func TestIntegrationGetSDP(t *testing.T) {
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", AutoAnswer: true, MediaEnc: "srtp-mand", AudioCodecs: "PCMA/8000/1"})
	// why: these peers talk SIP over UDP; srtpsdesplain=1 lets SDES keys go over it (by default only over TLS)
	tp := startPhone(t, kv("srtp", "2", "srtpsdesplain", "1"))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	l := tp.waitLine(control.StateInCall, callTimeout)
	var sdp control.SDP
	if err := json.Unmarshal([]byte(tp.mustPost("getsdp", `{"line":-1}`)), &sdp); err != nil {
		t.Fatal(err)
	}
	if sdp.Line != l.Line {
		t.Errorf("getsdp answered for line %d, the call is on line %d", sdp.Line, l.Line)
	}
	key := regexp.MustCompile(`inline:[A-Za-z0-9+/=]{8,}`)
	for side, s := range map[string]string{"local": sdp.Local, "remote": sdp.Remote} {
		if l.Codec != "PCMA" || !strings.Contains(s, "m=audio ") || !strings.Contains(s, " PCMA/8000") {
			t.Errorf("%s SDP does not hold the negotiated PCMA (line codec %q):\n%s", side, l.Codec, s)
		}
		if !strings.Contains(s, "a=crypto:") || !strings.Contains(s, "inline:***") || key.MatchString(s) {
			t.Errorf("%s SDP: want an a=crypto line with its key masked:\n%s", side, s)
		}
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	if code, out := tp.post("getsdp", `{}`); code != 409 || !strings.Contains(out, "no such call") {
		t.Errorf("getsdp after the call: %d %s, want 409 naming no call", code, out)
	}
}
