package phone_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationSpeakerSwitchMidCall switches the speaker from one file: device to another
// during a real call with baresip (audiodevice, as the Settings tab's choice does through
// audiooutput): the call goes on, both recordings hold the far end's speech, and the far end
// keeps hearing us after the switch.
func TestIntegrationSpeakerSwitchMidCall(t *testing.T) {
	oursOnce, theirsOnce := speechPair(t)
	ours := testpeer.RepeatWAV(t, oursOnce, time.Second, 40*time.Second)
	theirs := testpeer.RepeatWAV(t, theirsOnce, time.Second, 40*time.Second)
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: true})
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.wav"), filepath.Join(dir, "second.wav")
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "file:"+ours, "audiooutput", "file:"+first))
	tp.waitReg(control.RegRegistered, regTimeout)
	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitWAV(t, first, 7*time.Second, 30*time.Second)

	out := tp.mustPost("audiodevice", `{"dev":1,"device":"file:`+second+`"}`)
	var st control.AudioDevices
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Output != "file:"+second || st.OutputInUse != "file:"+second {
		t.Errorf("audiodevice answered output %q in use %q, want file:%s", st.Output, st.OutputInUse, second)
	}
	if c := tp.deviceEvent("audiooutput", control.DeviceSelected); c.Taken != "file:"+second {
		t.Errorf("selected event %+v", c)
	}
	waitWAV(t, second, 7*time.Second, 30*time.Second)
	if st := tp.p.Status(); len(st.Lines) != 1 || st.Lines[0].State != control.StateInCall {
		t.Fatalf("the call did not survive the switch: %+v", st)
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	received, _ := b.Recordings()
	tp.p.Close()

	checkHolds(t, "first speaker (before the switch)", theirsOnce, first, 0)
	checkHolds(t, "second speaker (after the switch)", theirsOnce, second, 0)
	checkHolds(t, "baresip after the switch", oursOnce, received, 5*time.Second)
}

// checkHolds proves that the recording got (its last window when window > 0, its first
// -window when window < 0, all of it for 0) holds the speech of one utterance sent: loud
// enough, at least one utterance long in all, and correlated with it.
func checkHolds(t *testing.T, label, sent, got string, window time.Duration) {
	t.Helper()
	const rate = 8000
	s, g := loadSentGot(t, label, sent, got, rate)
	if n := int(window.Abs().Seconds() * rate); window != 0 && len(g) > n {
		if window > 0 {
			g = g[len(g)-n:]
		} else {
			g = g[:n]
		}
	}
	level := audiocheck.RMSdBFS(g)
	activeSent := audiocheck.ActiveDuration(s, rate, -45)
	activeGot := audiocheck.ActiveDuration(g, rate, -45)
	peak, lag := audiocheck.Correlation(s, g)
	t.Logf("%s: %.1f s, level %.1f dBFS, speech %v (one utterance %v), correlation %.2f at lag %.0f ms",
		label, float64(len(g))/rate, level, activeGot, activeSent, peak, float64(lag)*1000/rate)
	if level < -50 {
		t.Errorf("%s: silence (%.1f dBFS)", label, level)
	}
	if activeGot < activeSent*6/10 {
		t.Errorf("%s: %v of speech, want at least %v", label, activeGot, activeSent*6/10)
	}
	if peak < 0.5 {
		t.Errorf("%s: correlation with the speech sent is %.2f, want >= 0.5", label, peak)
	}
}

// TestIntegrationMicrophoneSwitchMidCall switches the microphone from one file: device to
// another during a real call with baresip (setparameter audioinput, as the Settings tab does):
// baresip hears the first speech before the switch and the second after it, in one call.
func TestIntegrationMicrophoneSwitchMidCall(t *testing.T) {
	firstOnce, theirsOnce := speechPair(t)
	secondOnce := testpeer.SpeechWAV(t, "A second microphone now. Nine eight seven, the other headset.", 16000)
	first := testpeer.RepeatWAV(t, firstOnce, time.Second, 40*time.Second)
	second := testpeer.RepeatWAV(t, secondOnce, time.Second, 40*time.Second)
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: testpeer.RepeatWAV(t, theirsOnce, time.Second, 40*time.Second), AutoAnswer: true})
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "file:"+first))
	tp.waitReg(control.RegRegistered, regTimeout)
	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitWAV(t, tp.out, 7*time.Second, 30*time.Second)
	tp.mustPost("setparameter", `{"name":"audioinput","value":"file:`+second+`"}`)
	if c := tp.deviceEvent("audioinput", control.DeviceSelected); c.Taken != "file:"+second {
		t.Errorf("selected event %+v", c)
	}
	waitWAV(t, tp.out, 15*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	received, _ := b.Recordings()
	checkHolds(t, "baresip before the switch", firstOnce, received, -6*time.Second)
	checkHolds(t, "baresip after the switch", secondOnce, received, 6*time.Second)
	// After the switch the first microphone must be gone: the tail matches the second speech
	// clearly better than the first.
	s1, g := loadSentGot(t, "first speech", firstOnce, received, 8000)
	s2, _ := loadSentGot(t, "second speech", secondOnce, received, 8000)
	tail := g[max(len(g)-6*8000, 0):]
	c1, _ := audiocheck.Correlation(s1, tail)
	c2, _ := audiocheck.Correlation(s2, tail)
	t.Logf("after the switch: correlation %.2f with the second speech, %.2f with the first", c2, c1)
	if c2 < c1+0.2 {
		t.Errorf("after the switch baresip's audio matches the second speech %.2f, the first %.2f: the switch did not take", c2, c1)
	}
	tp.p.Close()
	checkHolds(t, "we heard baresip throughout", theirsOnce, tp.out, 0)
}
