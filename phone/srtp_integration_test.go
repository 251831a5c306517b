package phone_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationSRTPCallOut calls a baresip that requires SRTP (SDES) directly with
// srtp=2: the call runs encrypted and speech gets through both ways.
func TestIntegrationSRTPCallOut(t *testing.T) {
	srtpCallOut(t, "srtp-mand", "2", " over SRTP")
}

// TestIntegrationSRTPCallIn has an SRTP-requiring baresip call us with the default srtp=1:
// we accept its RTP/SAVP offer and audio flows encrypted.
func TestIntegrationSRTPCallIn(t *testing.T) {
	srtpCallIn(t, "srtp-mand", " over SRTP")
}

// srtpCallOut calls a baresip with mediaenc with our srtp parameter set to srtp (the
// default when empty): the call must be encrypted, speech cross both ways and a capture of
// the RTP show no speech in the clear.
func srtpCallOut(t *testing.T, mediaEnc, srtp, how string) {
	t.Helper()
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true, MediaEnc: mediaEnc})
	capture := captureUDP(t)
	// why: these peers talk SIP over UDP; srtpsdesplain=1 lets SDES keys go over it (by default only over TLS)
	params := kv("audioinput", "file:"+ours, "srtpsdesplain", "1")
	if srtp != "" {
		params["srtp"] = srtp
	}
	tp := startPhone(t, params)
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("line in call is not marked encrypted: %+v", l)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	if st := tp.p.Status(); len(st.Lines) != 1 || !st.Lines[0].Encrypted {
		t.Errorf("status lines %+v, want one encrypted line", st.Lines)
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	checkBothWays(t, tp, b, ours, theirs, how)
	capture.close()
	checkNoPlainSpeech(t, capture, 200, load8k(t, ours), load8k(t, theirs))
}

// srtpCallIn has a baresip with mediaenc call us (default srtp=1): we accept, the call must
// be encrypted, speech cross both ways and a capture of the RTP show no speech in the clear.
func srtpCallIn(t *testing.T, mediaEnc, how string) {
	t.Helper()
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, MediaEnc: mediaEnc})
	capture := captureUDP(t)
	port := testpeer.FreePort(t, "udp")
	// why: these peers talk SIP over UDP; srtpsdesplain=1 lets SDES keys go over it (by default only over TLS)
	tp := startPhone(t, kv("audioinput", "file:"+ours, "allowdirectcalls", "1", "localport", fmt.Sprint(port), "srtpsdesplain", "1"))
	if err := b.Dial(fmt.Sprintf("sip:me@127.0.0.1:%d", port)); err != nil {
		t.Fatal(err)
	}
	tp.waitLine(control.StateRinging, callTimeout)
	tp.mustPost("accept", `{}`)
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("accepted call is not marked encrypted: %+v", l)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	if err := b.Hangup(); err != nil {
		t.Fatal(err)
	}
	tp.waitLine(control.StateFinished, callTimeout)
	checkBothWays(t, tp, b, ours, theirs, how)
	capture.close()
	checkNoPlainSpeech(t, capture, 200, load8k(t, ours), load8k(t, theirs))
}

// TestIntegrationSRTPRequiredByPeer calls an SRTP-requiring baresip with srtp=0: the call
// fails and the reason says why.
func TestIntegrationSRTPRequiredByPeer(t *testing.T) {
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", AutoAnswer: true, MediaEnc: "srtp-mand"})
	tp := startPhone(t, kv("srtp", "0"))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	l := tp.waitLine(control.StateFinished, callTimeout)
	if !l.Connected.IsZero() || l.Encrypted {
		t.Errorf("plain call to an SRTP-only peer connected: %+v", l)
	}
	t.Logf("plain call to an SRTP-only peer ended: %s", l.Reason)
	if !strings.Contains(l.Reason, "488") && !strings.Contains(l.Reason, "encryption") {
		t.Errorf("reason %q does not say the far end refused unencrypted media", l.Reason)
	}
}

// TestIntegrationSRTPHoldResume holds and resumes an SRTP call (two re-INVITEs carrying
// a=crypto; baresip rekeys on each): speech still gets through both ways afterwards. baresip
// loops back what it hears (see testpeer's doc on hold and recordings).
func TestIntegrationSRTPHoldResume(t *testing.T) {
	ours := talker(t, ourText, 90*time.Second)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Loopback: true, AutoAnswer: true, MediaEnc: "srtp-mand"})
	tp := startPhone(t, kv("audioinput", "file:"+ours, "srtp", "2"))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitGrow(t, "baresip recording", 2, 30*time.Second, func() float64 { return b.RecordedSeconds("enc") })

	tp.mustPost("hold", `{"hold":true}`)
	tp.waitLine(control.StateHold, callTimeout)
	tp.mustPost("hold", `{"hold":false}`)
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("resumed line is not encrypted: %+v", l)
	}
	b.WaitAudioDirection(t, "sendrecv", callTimeout)
	checkSpeechAfterResume(t, tp, b, ours)
}

// TestIntegrationSRTPBestEffort runs the default srtp=1 against a baresip whose SRTP is
// optional (mediaenc=srtp: RTP/AVP offers and answers carrying a=crypto). Our RTP/AVP offer
// carries a=crypto too, so the call we place runs encrypted; so does the call it places to
// us. Speech gets through both ways each time.
func TestIntegrationSRTPBestEffort(t *testing.T) {
	t.Run("we call", func(t *testing.T) { srtpCallOut(t, "srtp", "", " over best-effort SRTP") })
	t.Run("they call", func(t *testing.T) { srtpCallIn(t, "srtp", " over best-effort SRTP") })
}

// TestIntegrationSDESNotOverUDPByDefault: with the default srtp=1 over udp the phone's
// INVITE carries no SDES key (plain RTP/AVP, no a=crypto, so no first RTP/SAVP try), the
// call is not marked encrypted and speech crosses both ways; srtpsdesplain=1 puts the key
// back (RTP/SAVP with a=crypto).
func TestIntegrationSDESNotOverUDPByDefault(t *testing.T) {
	for _, plain := range []string{"", "1"} {
		t.Run("srtpsdesplain="+plain, func(t *testing.T) {
			ours, theirs := speechPair(t)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true, SIPTrace: true})
			trace := filepath.Join(t.TempDir(), "siptrace.txt")
			sets := kv("audioinput", "file:"+ours, "siptrace", trace)
			if plain != "" {
				sets["srtpsdesplain"] = plain
			}
			tp := startPhone(t, sets)
			tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
			inv := b.WaitSIP(t, "our INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
				return m.Received && m.Status == 0 && m.Method == "INVITE"
			})
			hasKey := strings.Contains(inv.Body, "a=crypto:")
			if hasKey != (plain == "1") || strings.Contains(inv.Body, "RTP/SAVP") != (plain == "1") {
				t.Errorf("srtpsdesplain=%q: first INVITE's SDP:\n%s", plain, inv.Body)
			}
			tp.waitLine(control.StateInCall, callTimeout)
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, " (srtpsdesplain="+plain+")")
			// The UDP socket's trace: our INVITE and baresip's 200 to it.
			data, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`sent UDP \S+ -> \S+ \(\d+ bytes\)\nINVITE sip:`).Match(data) ||
				!regexp.MustCompile(`received UDP \S+ <- \S+ \(\d+ bytes\)\nSIP/2.0 200 `).Match(data) {
				t.Errorf("siptrace over udp lacks the INVITE or its 200:\n%s", data)
			}
		})
	}
}

// checkSpeechAfterResume lets a resumed call with a looping baresip run 9 s more, hangs up,
// and checks speech crossed both ways after the resume (ours: our microphone's WAV).
func checkSpeechAfterResume(t *testing.T, tp *testPhone, b *testpeer.Baresip, ours string) {
	t.Helper()
	if err := b.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	resumedAt := b.RecordedSeconds("enc")
	speakerAt := tp.speakerSeconds()
	waitGrow(t, "baresip recording after resume", resumedAt+9, 40*time.Second, func() float64 { return b.RecordedSeconds("enc") })
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.p.Close()

	_, bHeard := b.Recordings()
	sent := load(t, "our microphone", ours)
	wantSpeech(t, "baresip heard us after resume", sent, cut(load(t, "baresip", bHeard), resumedAt+1, 0), 0.5)
	wantSpeech(t, "we heard baresip's loop after resume", sent, cut(load(t, "our speaker", tp.out), speakerAt+2.5, 0), 0.5)
}
