package testpeer

import (
	"testing"
	"time"
)

// browserCallTimeout bounds call set-up and teardown with the browser webphone.
const browserCallTimeout = 30 * time.Second

// TestIntegrationBrowserCallsBaresip proves the browser webphone harness: JsSIP in headless
// Chromium on the public Stranger host registers to Kamailio on PBX over wss (its websocket
// module) and calls a baresip registered over UDP with DTLS-SRTP and ICE (dtls_srtp, ice):
// the page's statistics show DTLS connected, an ICE pair and baresip's speech received with
// energy, and baresip's recording holds the browser's speech.
func TestIntegrationBrowserCallsBaresip(t *testing.T) {
	n := StartNet(t)
	ca := NewCA(t, "Softphone Test CA")
	cert, key := ca.Issue(t, Leaf{Names: []string{PBXIP}})
	k := StartKamailio(t, map[string]string{"1001": "secret1001", "2000": "secret2000"},
		OnHost(n.PBX), WithTLS(cert, key), WithWebSocket())
	stun := StartCoturn(t, CoturnConfig{Host: n.PBX})
	browserSays := SpeechWAV(t, "Hello from the browser. One two three four five six.", 16000)
	baresipSays := SpeechWAV(t, "This is baresip speaking. Seven eight nine ten.", 16000)
	b := StartBaresip(t, BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr, Host: n.Public,
		Source: baresipSays, AutoAnswer: true, MediaEnc: "dtls_srtp", MediaNAT: "ice", STUNServer: "stun:" + stun.Addr,
		AudioCodecs: "opus/48000/2,PCMU"})
	k.WaitRegistered(t, "1001", 15*time.Second)

	br := StartBrowser(t, BrowserConfig{Host: n.Stranger, Source: browserSays})
	t.Logf("browser start (Chromium to page with JsSIP loaded): %v", br.StartTime)
	br.Register(t, "sip:2000@"+PBXIP, "wss://"+k.WSSAddr, "secret2000")
	start := time.Now()
	br.Call(t, "sip:1001@"+k.Addr)
	br.WaitCall(t, "confirmed", browserCallTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", browserCallTimeout)
	t.Logf("call set-up (INVITE to confirmed): %v", time.Since(start))

	theirs, ours := WAVLength(t, baresipSays), DefaultBrowserLead+WAVLength(t, browserSays)
	st := br.WaitReceived(t, theirs+time.Second, browserCallTimeout+theirs)
	b.WaitReceived(t, ours+time.Second, browserCallTimeout+ours)
	t.Logf("browser: %v", st)
	CheckBrowserHeard(t, st, "browser heard baresip")
	if st.DTLSState != "connected" || st.RemoteCandidate == "" {
		t.Errorf("browser transport: DTLS %q, ICE pair %q -> %q; want DTLS connected over a selected pair",
			st.DTLSState, st.LocalCandidate, st.RemoteCandidate)
	}
	br.Hangup(t)
	br.WaitCall(t, "ended", browserCallTimeout)
	b.WaitEvent(t, "CALL_CLOSED", browserCallTimeout)
	received, _ := b.Recordings()
	CheckSpeech(t, "baresip heard the browser", browserSays, received)
}
