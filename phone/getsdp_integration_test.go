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

// TestIntegrationGetSDP reads a call's SDP offer/answer through the control API, with a
// baresip that offers only PCMA and requires SRTP (SDES), calling it and called by it: once
// in call both SDPs hold the negotiated codec (the line's) and an a=crypto line whose key is
// masked; a ringing incoming call shows the offer alone; no call, no SDP (409).
func TestIntegrationGetSDP(t *testing.T) {
	for _, dir := range []string{"we call", "they call"} {
		t.Run(dir, func(t *testing.T) {
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", AutoAnswer: dir == "we call",
				MediaEnc: "srtp-mand", AudioCodecs: "PCMA/8000/1"})
			port := testpeer.FreePort(t, "udp")
			// why: these peers talk SIP over UDP; srtpsdesplain=1 lets SDES keys go over it (by default only
			// over TLS); allowdirectcalls and localport let baresip call the phone without a registrar
			tp := startPhone(t, kv("srtp", "2", "srtpsdesplain", "1", "allowdirectcalls", "1", "localport", fmt.Sprint(port)))
			if dir == "we call" {
				tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
			} else {
				if err := b.Dial(fmt.Sprintf("sip:me@127.0.0.1:%d", port)); err != nil {
					t.Fatal(err)
				}
				tp.waitLine(control.StateRinging, callTimeout)
				if s := getSDP(t, tp, `{}`); s.Local != "" || !strings.Contains(s.Remote, " PCMA/8000") {
					t.Errorf("ringing: getsdp %+v, want the offer alone", s)
				}
				tp.mustPost("accept", `{}`)
			}
			l := tp.waitLine(control.StateInCall, callTimeout)
			sdp := getSDP(t, tp, `{"line":-1}`)
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
		})
	}
}

// getSDP calls the control API's getsdp with body.
func getSDP(t *testing.T, tp *testPhone, body string) control.SDP {
	t.Helper()
	var sdp control.SDP
	if err := json.Unmarshal([]byte(tp.mustPost("getsdp", body)), &sdp); err != nil {
		t.Fatal(err)
	}
	return sdp
}
