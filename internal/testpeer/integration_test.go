package testpeer

import (
	"math"
	"testing"
	"time"
)

// TestIntegrationKamailioBaresipCall registers two baresips at kamailio,
// calls from 1000 to the auto-answering 1001 (which speaks) and checks that
// 1000 recorded speech.
func TestIntegrationKamailioBaresipCall(t *testing.T) {
	k := StartKamailio(t, map[string]string{"1000": "secret0", "1001": "secret1"})
	speech := SpeechWAV(t, "", 16000)
	callee := StartBaresip(t, BaresipConfig{User: "1001", Password: "secret1", Registrar: k.Addr, Source: speech, AutoAnswer: true})
	caller := StartBaresip(t, BaresipConfig{User: "1000", Password: "secret0", Registrar: k.Addr})
	for _, u := range []string{"1000", "1001"} {
		if !k.Registered(t, u) {
			t.Fatalf("kamailio has no contact for %s", u)
		}
	}
	if k.Registered(t, "1002") {
		t.Fatalf("kamailio claims unknown user 1002 is registered")
	}

	if err := caller.Dial(callee.AOR(k)); err != nil {
		t.Fatalf("dial: %v", err)
	}
	caller.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	callee.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	time.Sleep(3 * time.Second) // bounded: let ~3 s of speech flow
	if err := caller.Hangup(); err != nil {
		t.Fatalf("hangup: %v", err)
	}
	caller.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
	callee.WaitEvent(t, "CALL_CLOSED", 10*time.Second)

	received, sent := caller.Recordings()
	if received == "" || sent == "" {
		t.Fatalf("caller recordings missing: received %q sent %q", received, sent)
	}
	w, err := ReadWAV(received)
	if err != nil {
		t.Fatalf("read %s: %v", received, err)
	}
	secs := float64(len(w.Samples)) / float64(w.Rate*w.Channels)
	var sum float64
	for _, s := range w.Samples {
		sum += float64(s) * float64(s)
	}
	rms := math.Sqrt(sum / float64(max(len(w.Samples), 1)))
	dbfs := 20 * math.Log10(rms/32768+1e-12)
	t.Logf("received %s: %d Hz, %.2f s, RMS %.1f dBFS", received, w.Rate, secs, dbfs)
	if secs < 2 {
		t.Errorf("received recording is %.2f s long, want >= 2 s", secs)
	}
	if dbfs < -40 {
		t.Errorf("received recording RMS %.1f dBFS, want > -40 dBFS (speech)", dbfs)
	}
}
