package phone_test

import (
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

// browserNet starts the topology, Kamailio on PBX (wss with the test's CA), the browser
// (user 2000, microphone theirs) on Stranger, registered, and the phone (user 1000,
// microphone ours, sets added) registered over wss with ICE, DTLS-SRTP offered and Opus.
func browserNet(t *testing.T, ours, theirs string, sets map[string]string) (*testpeer.Kamailio, *testpeer.Browser, *testPhone) {
	t.Helper()
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, map[string]string{"1000": users["1000"], "2000": "secret2000"},
		testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	br := testpeer.StartBrowser(t, testpeer.BrowserConfig{Host: n.Stranger, Source: theirs})
	t.Logf("browser start: %v", br.StartTime)
	br.Register(t, "sip:2000@"+testpeer.PBXIP, "wss://"+k.WSSAddr, "secret2000")
	all := kv("serveraddress", k.WSSAddr, "username", "1000", "password", users["1000"],
		"transport", "wss", "tlscafile", ca.CertFile, "audioinput", "file:"+ours,
		"icemode", "always", "dtlssrtp", "2", "codecs", "OPUS,PCMU")
	for name, v := range sets {
		all[name] = v
	}
	tp := startPhone(t, all)
	tp.waitReg(control.RegRegistered, regTimeout)
	return k, br, tp
}

// callBrowser calls the browser (2000), which answers, and waits until the line is in call
// and encrypted.
func callBrowser(t *testing.T, tp *testPhone, br *testpeer.Browser) {
	t.Helper()
	tp.mustPost("call", `{"number":"2000"}`)
	br.WaitCall(t, "ringing", browserCallTimeout)
	br.Answer(t)
	br.WaitCall(t, "confirmed", browserCallTimeout)
	tp.pollLine(1, "encrypted in call", browserCallTimeout, func(l control.Line) bool {
		return l.State == control.StateInCall && l.Encrypted
	})
}

// TestIntegrationBrowserCall: the phone calls the browser and the browser calls the phone;
// the browser's statistics show DTLS connected over an ICE pair and the phone's speech
// received at a speech level, and the phone's speaker recording holds the browser's speech.
func TestIntegrationBrowserCall(t *testing.T) {
	for _, dir := range []string{"we call", "they call"} {
		t.Run(dir, func(t *testing.T) {
			ours := testpeer.SpeechWAV(t, "Hello from the softphone. One two three four five six.", 16000)
			theirs := testpeer.SpeechWAV(t, "Hello from the browser. Seven eight nine ten.", 16000)
			k, br, tp := browserNet(t, ours, theirs, nil)

			start := time.Now()
			if dir == "we call" {
				callBrowser(t, tp, br)
			} else {
				br.Call(t, "sip:1000@"+k.Addr)
				tp.waitLine(control.StateRinging, browserCallTimeout)
				tp.mustPost("accept", `{}`)
				br.WaitCall(t, "confirmed", browserCallTimeout)
				tp.pollLine(1, "encrypted in call", browserCallTimeout, func(l control.Line) bool {
					return l.State == control.StateInCall && l.Encrypted
				})
			}
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

// TestIntegrationBrowserHoldDTMF: in a call to the browser, the phone holds (the browser sees
// the far end hold it) and resumes (audio reaches the browser again), sends digits as SIP
// INFO (dtmfmode=info) that the browser receives in order, and receives the browser's digit.
func TestIntegrationBrowserHoldDTMF(t *testing.T) {
	ours := testpeer.SpeechWAV(t, "Hello from the softphone. One two three four five six.", 16000)
	_, br, tp := browserNet(t, ours, "", kv("dtmfmode", "info"))
	callBrowser(t, tp, br)

	tp.mustPost("hold", `{"line":1,"hold":true}`)
	br.WaitState(t, "held by the phone", browserCallTimeout, func(s testpeer.BrowserState) bool { return s.HeldByPeer })
	tp.pollLine(1, "held", browserCallTimeout, func(l control.Line) bool { return l.Hold && l.State == control.StateHold })
	tp.mustPost("hold", `{"line":1,"hold":false}`)
	br.WaitState(t, "resumed by the phone", browserCallTimeout, func(s testpeer.BrowserState) bool { return !s.HeldByPeer })
	tp.pollLine(1, "resumed", browserCallTimeout, func(l control.Line) bool { return !l.Hold && l.State == control.StateInCall })
	before := br.Stats(t)
	after := br.WaitReceived(t, time.Duration(before.PacketsReceived+50)*20*time.Millisecond, browserCallTimeout)
	t.Logf("browser after resume: %v", after)

	const digits = "1#9*"
	tp.mustPost("dtmf", `{"digits":"`+digits+`","line":1}`)
	if s := br.WaitState(t, "given 4 digits", browserCallTimeout, func(s testpeer.BrowserState) bool {
		return len(s.Digits) >= len(digits)
	}); s.Digits != digits {
		t.Errorf("browser received digits %q, want %q", s.Digits, digits)
	}
	br.DTMF(t, "5")
	ev := tp.next("the browser's digit", browserCallTimeout, func(ev control.Event) bool { return ev.Kind == control.KindDTMF })
	if ev.Message != "5" {
		t.Errorf("digit from the browser %q (%s), want 5", ev.Message, ev.Notification)
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, browserCallTimeout)
	br.WaitCall(t, "ended", browserCallTimeout)
}

// TestIntegrationBrowserBehindNAT: the browser behind a NAT router (Far), with the STUN
// server (coturn on PBX) as its ICE server, calls the phone: ICE finds a pair through the
// NAT (the browser's side server-reflexive or peer-reflexive), DTLS-SRTP and audio both ways.
func TestIntegrationBrowserBehindNAT(t *testing.T) {
	ours := testpeer.SpeechWAV(t, "Hello from the softphone. One two three four five six.", 16000)
	theirs := testpeer.SpeechWAV(t, "Hello from the browser. Seven eight nine ten.", 16000)
	n := testpeer.StartNet(t)
	ca := testpeer.NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(t, map[string]string{"1000": users["1000"], "2000": "secret2000"},
		testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	stun := testpeer.StartCoturn(t, testpeer.CoturnConfig{Host: n.PBX})
	br := testpeer.StartBrowser(t, testpeer.BrowserConfig{Host: n.Far, Source: theirs, STUNServers: []string{"stun:" + stun.Addr}})
	br.Register(t, "sip:2000@"+testpeer.PBXIP, "wss://"+k.WSSAddr, "secret2000")
	tp := startPhone(t, kv("serveraddress", k.WSSAddr, "username", "1000", "password", users["1000"],
		"transport", "wss", "tlscafile", ca.CertFile, "audioinput", "file:"+ours,
		"icemode", "always", "dtlssrtp", "2", "codecs", "OPUS,PCMU"))
	tp.waitReg(control.RegRegistered, regTimeout)

	br.Call(t, "sip:1000@"+k.Addr)
	tp.waitLine(control.StateRinging, browserCallTimeout)
	tp.mustPost("accept", `{}`)
	br.WaitCall(t, "confirmed", browserCallTimeout)
	tp.pollLine(1, "encrypted in call", browserCallTimeout, func(l control.Line) bool {
		return l.State == control.StateInCall && l.Encrypted
	})
	mine, yours := testpeer.WAVLength(t, ours), testpeer.DefaultBrowserLead+testpeer.WAVLength(t, theirs)
	st := br.WaitReceived(t, mine+time.Second, browserCallTimeout+mine)
	waitWAV(t, tp.out, yours+time.Second, browserCallTimeout+yours)
	t.Logf("browser behind NAT: %v", st)
	testpeer.CheckBrowserHeard(t, st, "the browser behind NAT heard us")
	if strings.HasPrefix(st.LocalCandidate, "host") || st.DTLSState != "connected" {
		t.Errorf("browser behind NAT: pair %q -> %q, DTLS %q; want a reflexive local candidate and DTLS connected",
			st.LocalCandidate, st.RemoteCandidate, st.DTLSState)
	}
	br.Hangup(t)
	tp.waitLine(control.StateFinished, browserCallTimeout)
	tp.p.Close()
	checkSpeech(t, "we heard the browser behind NAT", theirs, tp.out)
}
