package phone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// The WebRTC-style endpoint against a real browser webphone: JsSIP in headless Chromium on
// the public Stranger host, registered to Kamailio on PBX over wss, and the phone registered
// over wss too, with what a browser needs of it: ICE (icemode=always), rtcp-mux (default),
// DTLS-SRTP offered (dtlssrtp=2) and Opus first.

// browserCallTimeout bounds call set-up and teardown with the browser.
const browserCallTimeout = 30 * time.Second

// TestIntegrationBrowserCall: the phone calls the browser and the browser calls the phone;
// the browser's statistics show DTLS connected over an ICE pair and the phone's speech
// received at a speech level, and the phone's speaker recording holds the browser's speech.
func TestIntegrationBrowserCall(t *testing.T) {
	for _, dir := range []string{"we call", "they call"} {
		t.Run(dir, func(t *testing.T) {
			ours := testpeer.SpeechWAV(t, "Hello from the softphone. One two three four five six.", 16000)
			theirs := testpeer.SpeechWAV(t, "Hello from the browser. Seven eight nine ten.", 16000)
			n := testpeer.StartNet(t)
			ca := testpeer.NewCA(t, "Softphone Test CA")
			cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
			k := testpeer.StartKamailio(t, map[string]string{"1000": users["1000"], "2000": "secret2000"},
				testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
			br := testpeer.StartBrowser(t, testpeer.BrowserConfig{Host: n.Stranger, Source: theirs})
			t.Logf("browser start: %v", br.StartTime)
			br.Register(t, "sip:2000@"+testpeer.PBXIP, "wss://"+k.WSSAddr, "secret2000")
			tp := startPhone(t, kv("serveraddress", k.WSSAddr, "username", "1000", "password", users["1000"],
				"transport", "wss", "tlscafile", ca.CertFile, "audioinput", "file:"+ours,
				"icemode", "always", "dtlssrtp", "2", "codecs", "OPUS,PCMU"))
			tp.waitReg(control.RegRegistered, regTimeout)

			start := time.Now()
			if dir == "we call" {
				tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, "2000"))
				br.WaitCall(t, "ringing", browserCallTimeout)
				br.Answer(t)
				br.WaitCall(t, "confirmed", browserCallTimeout)
			} else {
				br.Call(t, "sip:1000@"+k.Addr)
				tp.waitLine(control.StateRinging, browserCallTimeout)
				tp.mustPost("accept", `{}`)
				br.WaitCall(t, "confirmed", browserCallTimeout)
			}
			tp.pollLine(1, "encrypted in call", browserCallTimeout, func(l control.Line) bool {
				return l.State == control.StateInCall && l.Encrypted
			})
			t.Logf("call set-up (%s, to in call and encrypted): %v", dir, time.Since(start))

			mine, yours := testpeer.WAVLength(t, ours), testpeer.DefaultBrowserLead+testpeer.WAVLength(t, theirs)
			st := br.WaitReceived(t, mine+time.Second, browserCallTimeout+mine)
			waitWAV(t, tp.out, yours+time.Second, browserCallTimeout+yours)
			t.Logf("browser: %v", st)
			testpeer.CheckBrowserHeard(t, st, "the browser heard us ("+dir+")")
			if st.DTLSState != "connected" || !strings.HasPrefix(st.Codec, "audio/opus") {
				t.Errorf("browser: DTLS %q, codec %q; want DTLS connected and Opus", st.DTLSState, st.Codec)
			}
			if dir == "we call" {
				tp.mustPost("hangup", `{}`)
			} else {
				br.Hangup(t)
			}
			tp.waitLine(control.StateFinished, browserCallTimeout)
			br.WaitCall(t, "ended", browserCallTimeout)
			tp.p.Close()
			checkSpeech(t, "we heard the browser ("+dir+")", theirs, tp.out)
		})
	}
}
