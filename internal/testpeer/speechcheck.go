package testpeer

import (
	"testing"

	"softphone/internal/audiocheck"
)

// CheckSpeech proves that the recording got holds the speech in the WAV sent: loud enough
// (above -50 dBFS), long enough (0.6 to 1.6 times the speech sent, counted above -45 dBFS)
// and correlated with it (peak >= 0.5), compared at 8 kHz. Each failure is a test error
// naming label.
func CheckSpeech(t testing.TB, label, sent, got string) {
	t.Helper()
	const rate = 8000
	s, err := audiocheck.Load(sent, rate)
	if err != nil {
		t.Fatalf("%s: load sent: %v", label, err)
	}
	g, err := audiocheck.Load(got, rate)
	if err != nil {
		t.Fatalf("%s: load received %s: %v", label, got, err)
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

// CheckBrowserHeard proves the browser decoded audio that was not silence: Chromium's energy
// measure of the received stream over its duration is at a speech level (above -45 dBFS;
// espeak-ng's speech padded with silence averages well above, silence is below -60).
func CheckBrowserHeard(t testing.TB, st BrowserStats, label string) {
	t.Helper()
	if st.PacketsReceived == 0 || st.TotalSamplesDuration == 0 {
		t.Fatalf("%s: nothing received: %v", label, st)
	}
	if l := st.Level(); l < -45 {
		t.Errorf("%s: received audio is silence (%.1f dBFS over %.1f s)", label, l, st.TotalSamplesDuration)
	}
}
