package phone_test

import (
	"fmt"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// The room of TestIntegrationEchoCancellation: the speaker's sound reaches the microphone
// 50 ms later at -6 dB.
const (
	roomDelay  = 50 * time.Millisecond
	roomGainDB = -6
)

// echoConvergence is the start of the call the echo is not measured in: the canceller is
// still learning the room (see media.TestEchoCancelRoom for the curve).
const echoConvergence = 2 * time.Second

// TestIntegrationEchoCancellation calls baresip, which plays speech; our microphone and
// speaker are a room that returns what the speaker plays to the microphone (audio.RoomDriver).
// What baresip receives back is its own speech's echo: with aec=0 at the room's -6 dB, with
// the default aec=1 at least 20 dB lower (the echo return loss enhancement, measured after
// the first 2 s), and as much lower from 2 s after a user switches aec on during the call.
// aec=2 is refused, naming the parameter and the value.
func TestIntegrationEchoCancellation(t *testing.T) {
	theirs := testpeer.RepeatWAV(t, testpeer.SpeechWAV(t, "", 16000), 300*time.Millisecond, 24*time.Second)
	echoDB := map[string]float64{}
	for _, aec := range []string{"0", "default", "0, then 1"} {
		t.Run("aec="+aec, func(t *testing.T) {
			sets := kv("audioinput", audio.RoomDriverName, "audiooutput", audio.RoomDriverName, "codecs", "G722")
			var switchAt time.Duration
			switch aec {
			case "0":
				sets["aec"] = "0"
			case "0, then 1":
				sets["aec"] = "0"
				switchAt = 4 * time.Second
			}
			echoDB[aec] = echoAtFarEnd(t, theirs, sets, switchAt)
		})
	}
	off := echoDB["0"]
	if off == 0 || echoDB["default"] == 0 || echoDB["0, then 1"] == 0 {
		t.Fatal("a call was not measured")
	}
	for _, aec := range []string{"default", "0, then 1"} {
		erle := off - echoDB[aec]
		t.Logf("echo at the far end: %.1f dBFS with aec=0, %.1f dBFS with aec=%s: ERLE %.1f dB", off, echoDB[aec], aec, erle)
		if erle < 20 {
			t.Errorf("ERLE %.1f dB with aec=%s, want at least 20", erle, aec)
		}
	}
}

// echoAtFarEnd makes a call of 14 s (plus switchAt) from a phone in the room to baresip
// playing speech and returns the level of what baresip received after echoConvergence; it
// checks that without echo cancellation that is the room's echo of what baresip sent. With
// switchAt, aec is set to 1 once baresip has received that much, and the level is measured
// from echoConvergence after that.
func echoAtFarEnd(t *testing.T, speech string, sets map[string]string, switchAt time.Duration) float64 {
	t.Helper()
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: speech, AutoAnswer: true, AudioCodecs: "G722"})
	room := audio.NewRoomDriver(audio.RoomConfig{Delay: roomDelay, GainDB: roomGainDB})
	// The room is the user's desk: the test registers it as a driver beside the usual ones, and
	// audioinput and audiooutput choose it as a user chooses a sound card.
	drivers := audio.NewDrivers(room, audio.NewFileDriver(), audio.NewNullDriver())
	tp := startPhoneWith(t, sets, phone.WithDrivers(drivers))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	if switchAt > 0 {
		b.WaitReceived(t, switchAt, 40*time.Second)
		tp.wantError("setparameter", `{"name":"aec","value":"2"}`, `parameter \"aec\": value \"2\"`)
		tp.mustPost("setparameter", `{"name":"aec","value":"1"}`)
	}
	b.WaitReceived(t, switchAt+14*time.Second, 40*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	received, sent := b.Recordings()
	far, got := loadSentGot(t, "echo at baresip", sent, received, 16000)
	skip, end := int((switchAt+echoConvergence).Seconds()*16000), min(len(far), len(got))
	if end < skip+8*16000 {
		t.Fatalf("recordings of %d and %d samples, want at least %d", len(far), len(got), skip+8*16000)
	}
	farDB, echoDB := audiocheck.RMSdBFS(far[skip:end]), audiocheck.RMSdBFS(got[skip:end])
	t.Logf("baresip sent %.1f dBFS, received %.1f dBFS back (%.1f dB)", farDB, echoDB, echoDB-farDB)
	if sets["aec"] == "0" && switchAt == 0 {
		if d := echoDB - farDB; d < roomGainDB-3 || d > roomGainDB+3 {
			t.Errorf("without echo cancellation baresip heard its speech at %.1f dB, want the room's %d dB", d, roomGainDB)
		}
	}
	return echoDB
}
