package testpeer

import (
	"strings"
	"testing"
	"time"
)

// TestIntegrationBaresipCallControl checks the call-control helpers between
// two baresips: DTMF both reported and counted, hold seen in the SIP trace
// and in audio_debug, no packets while held, and a loopback peer that
// records again after RearmLoopback.
func TestIntegrationBaresipCallControl(t *testing.T) {
	speech := RepeatWAV(t, SpeechWAV(t, "one two three four five", 16000), time.Second, 30*time.Second)
	bob := StartBaresip(t, BaresipConfig{User: "bob", Loopback: true, AutoAnswer: true, SIPTrace: true})
	alice := StartBaresip(t, BaresipConfig{User: "alice", Source: speech, SIPTrace: true})
	if err := alice.Dial(bob.URI()); err != nil {
		t.Fatal(err)
	}
	alice.WaitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	bob.WaitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	alice.WaitReceived(t, time.Second, 10*time.Second)

	if err := alice.SendDTMF("1#*A9"); err != nil {
		t.Fatal(err)
	}
	if got := bob.WaitDTMF(t, 5, 10*time.Second); got != "1#*A9" {
		t.Errorf("bob received DTMF %q, want 1#*A9", got)
	}
	if err := alice.SendDTMF("12x"); err == nil || !strings.Contains(err.Error(), `'x'`) {
		t.Errorf("SendDTMF(12x) = %v, want an error naming 'x'", err)
	}

	if err := alice.Hold(); err != nil {
		t.Fatal(err)
	}
	reinvite := bob.WaitSIP(t, "re-INVITE with sendonly", 10*time.Second, func(m SIPMessage) bool {
		return m.Received && m.Method == "INVITE" && m.Status == 0 && strings.Contains(m.Body, "a=sendonly")
	})
	if !strings.HasPrefix(reinvite.Header("Content-Type"), "application/sdp") {
		t.Errorf("re-INVITE content type %q", reinvite.Header("Content-Type"))
	}
	held := bob.WaitAudioDirection(t, "recvonly", 10*time.Second)
	if err := bob.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	before := bob.RecordedSeconds("enc")
	deadline := time.Now().Add(10 * time.Second)
	for bob.RecordedSeconds("enc") < before+1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := bob.RecordedSeconds("enc"); got < before+1 {
		t.Fatalf("loopback recording did not grow after RearmLoopback: %.2f s -> %.2f s", before, got)
	}
	still, err := bob.AudioStats()
	if err != nil {
		t.Fatal(err)
	}
	if still.PacketsReceived-held.PacketsReceived > 5 {
		t.Errorf("bob received %d packets while alice held, want none", still.PacketsReceived-held.PacketsReceived)
	}
	if err := alice.Resume(); err != nil {
		t.Fatal(err)
	}
	resumed := bob.WaitAudioDirection(t, "sendrecv", 10*time.Second)
	deadline = time.Now().Add(10 * time.Second)
	for resumed.PacketsReceived < still.PacketsReceived+50 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		resumed, _ = bob.AudioStats()
	}
	if resumed.PacketsReceived < still.PacketsReceived+50 {
		t.Errorf("bob received %d packets after resume, want >= 50", resumed.PacketsReceived-still.PacketsReceived)
	}
	if err := alice.Hangup(); err != nil {
		t.Fatal(err)
	}
	bob.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
	if recs := bob.AllRecordings("enc"); len(recs) != 1 {
		t.Errorf("bob's enc recordings %v, want one", recs)
	}
}
