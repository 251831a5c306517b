package phone_test

import (
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationVADOff: with vad=0 (no voice activity detection) and vadstat=3 the VAD
// notifications still come, every vadstat_ival, and say OFF for both directions.
func TestIntegrationVADOff(t *testing.T) {
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true})
	tp := startPhone(t, kv("audioinput", "file:"+ours, "vad", "0", "vadstat", "3", "vadstat_ival", "500"))
	tp.mustPost("call", `{"number":"`+b.URI()+`"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	for range 3 {
		ev := tp.next("VAD notification", callTimeout, func(ev control.Event) bool { return ev.Kind == control.KindVAD })
		if want := "VAD,local_vad: OFF local_avg: 0 local_max: 0 local_speaking: no remote_vad: OFF remote_avg: 0 remote_max: 0 remote_speaking: no"; ev.Notification != want {
			t.Errorf("VAD notification %q, want %q", ev.Notification, want)
		}
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
}

// TestIntegrationVADSilenceSuppression calls baresip with a microphone file of about 3 s of
// speech, then silence. With vad=3 the phone stops sending RTP in the silence: by the time it
// has received 500 packets (10 s) from baresip, which sends all the time, it has sent less
// than three quarters as many; with vad=2 (the default) about as many. Baresip hears our
// speech either way.
func TestIntegrationVADSilenceSuppression(t *testing.T) {
	for _, vad := range []string{"3", "2"} {
		t.Run("vad="+vad, func(t *testing.T) {
			// One phrase without pauses longer than the hangover: baresip records only what
			// arrives, so a suppressed pause inside the speech would shift the rest of its
			// recording against what was sent.
			ours := testpeer.SpeechWAV(t, "Hello from the softphone one two three four five six", 16000)
			_, theirs := speechPair(t)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true})
			sets := kv("audioinput", "file:"+ours)
			if vad != "2" {
				sets["vad"] = vad
			}
			tp := startPhone(t, sets)
			tp.mustPost("call", `{"number":"`+b.URI()+`"}`)
			tp.waitLine(control.StateInCall, callTimeout)
			l := tp.pollLine(1, "500 packets received", 60*time.Second, func(l control.Line) bool {
				return l.Quality.Received >= 500
			})
			sent, got := l.Quality.Sent, l.Quality.Received
			t.Logf("vad=%s: sent %d RTP packets while receiving %d (%.0f %%)", vad, sent, got, 100*float64(sent)/float64(got))
			switch {
			case vad == "3" && sent*4 >= got*3:
				t.Errorf("vad=3: sent %d packets for %d received; silence was sent", sent, got)
			case vad == "2" && sent*10 < got*9:
				t.Errorf("vad=2: sent %d packets for %d received; audio was held back", sent, got)
			}
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkPeerHeard(t, b, ours, "baresip heard us with vad="+vad)
		})
	}
}
