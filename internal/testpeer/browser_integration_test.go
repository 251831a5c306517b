package testpeer

import (
	"testing"
	"time"

	"softphone/internal/audiocheck"
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
		AudioCodecs: "opus/48000/2,PCMU", SIPTrace: true})
	k.WaitRegistered(t, "1001", 15*time.Second)

	br := StartBrowser(t, BrowserConfig{Host: n.Stranger, Source: browserSays})
	t.Logf("browser start (Chromium to page with JsSIP loaded): %v", br.StartTime)
	br.Register(t, "sip:2000@"+PBXIP, "wss://"+k.WSSAddr, "secret2000")
	start := time.Now()
	br.Call(t, "sip:1001@"+k.Addr)
	br.WaitCall(t, "confirmed", browserCallTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", browserCallTimeout)
	t.Logf("call set-up (INVITE to confirmed): %v", time.Since(start))

	theirs, ours := wavLength(t, baresipSays), DefaultBrowserLead+wavLength(t, browserSays)
	st := br.WaitReceived(t, theirs+time.Second, browserCallTimeout+theirs)
	b.WaitReceived(t, ours+time.Second, browserCallTimeout+ours)
	t.Logf("browser: %v", st)
	checkBrowserHeard(t, st, "browser heard baresip")
	if st.DTLSState != "connected" || st.RemoteCandidate == "" {
		t.Errorf("browser transport: DTLS %q, ICE pair %q -> %q; want DTLS connected over a selected pair",
			st.DTLSState, st.LocalCandidate, st.RemoteCandidate)
	}
	br.Hangup(t)
	br.WaitCall(t, "ended", browserCallTimeout)
	b.WaitEvent(t, "CALL_CLOSED", browserCallTimeout)
	received, _ := b.Recordings()
	checkHeard(t, "baresip heard the browser", browserSays, received)
}

// wavLength is how long the WAV at path plays.
func wavLength(t *testing.T, path string) time.Duration {
	t.Helper()
	w, err := ReadWAV(path)
	if err != nil {
		t.Fatal(err)
	}
	return time.Duration(w.Duration() * float64(time.Second))
}

// checkBrowserHeard proves the page decoded audio that was not silence: Chromium's energy
// measure of the received stream, over its duration, is a speech level.
func checkBrowserHeard(t *testing.T, st BrowserStats, label string) {
	t.Helper()
	if st.PacketsReceived == 0 || st.TotalSamplesDuration == 0 {
		t.Fatalf("%s: nothing received: %v", label, st)
	}
	// Speech at the level espeak-ng makes, a few seconds of it in the measured time,
	// averages well above -45 dBFS; silence (or comfort noise) is below -60.
	if l := st.Level(); l < -45 {
		t.Errorf("%s: received audio is silence (%.1f dBFS over %.1f s)", label, l, st.TotalSamplesDuration)
	}
}

// checkHeard proves that the recording got holds the speech in sent: loud enough, long
// enough, and correlated with it.
func checkHeard(t *testing.T, label, sent, got string) {
	t.Helper()
	const rate = 8000
	s, err := audiocheck.Load(sent, rate)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	g, err := audiocheck.Load(got, rate)
	if err != nil {
		t.Fatalf("%s: recording %q: %v", label, got, err)
	}
	level := audiocheck.RMSdBFS(g)
	activeSent := audiocheck.ActiveDuration(s, rate, -45)
	activeGot := audiocheck.ActiveDuration(g, rate, -45)
	peak, lag := audiocheck.Correlation(s, g)
	t.Logf("%s: level %.1f dBFS, speech %v sent / %v received, correlation %.2f at lag %.0f ms",
		label, level, activeSent, activeGot, peak, float64(lag)*1000/rate)
	if level < -50 {
		t.Errorf("%s: received audio is silence (%.1f dBFS)", label, level)
	}
	if activeGot < activeSent*6/10 || activeGot > activeSent*16/10 {
		t.Errorf("%s: received %v of speech, sent %v", label, activeGot, activeSent)
	}
	if peak < 0.5 {
		t.Errorf("%s: correlation with what was sent is %.2f, want >= 0.5", label, peak)
	}
}
