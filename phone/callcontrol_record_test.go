package phone_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// TestIntegrationCallControlRecording: recordcalls=1 writes one stereo WAV per call, left
// channel what we sent, right what we heard.
func TestIntegrationCallControlRecording(t *testing.T) {
	ours := talker(t, ourText, 60*time.Second)
	theirs := talker(t, bText, 60*time.Second)
	dir := t.TempDir()
	k, tp := ccSetup(t, kv("audioinput", "file:"+ours, "recordcalls", "1", "recordpath", dir, "recordformat", "stereo"))
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{Source: theirs, AutoAnswer: true})
	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	l := tp.pollLine(1, "recording", callTimeout, func(l control.Line) bool { return l.Recording != "" })
	if filepath.Dir(l.Recording) != dir {
		t.Errorf("recording %q is not in recordpath %s", l.Recording, dir)
	}
	b.WaitReceived(t, 8*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitState(1, control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.p.Close()

	files, _ := filepath.Glob(filepath.Join(dir, "*.wav"))
	if len(files) != 1 {
		t.Fatalf("recordings in %s: %v, want one", dir, files)
	}
	if name := filepath.Base(files[0]); !strings.Contains(name, "1001") {
		t.Errorf("recording name %q does not name the peer", name)
	}
	w, err := testpeer.ReadWAV(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if w.Channels != 2 {
		t.Fatalf("recording has %d channels, want 2 (stereo)", w.Channels)
	}
	if w.Duration() < 7 {
		t.Errorf("recording lasts %.1f s, want the whole call (> 7 s)", w.Duration())
	}
	left, right := make([]int16, 0, len(w.Samples)/2), make([]int16, 0, len(w.Samples)/2)
	for i := 0; i+1 < len(w.Samples); i += 2 {
		left, right = append(left, w.Samples[i]), append(right, w.Samples[i+1])
	}
	resample := func(s []int16) []int16 {
		out, err := audio.Resample(s, w.Rate, ccRate)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	left, right = resample(left), resample(right)
	sent, heard := load(t, "ours", ours), load(t, "theirs", theirs)
	wantSpeech(t, "left channel is what we sent", sent, left, 0.5)
	wantSpeech(t, "right channel is what we heard", heard, right, 0.5)
	wantNoSpeech(t, "left channel holds no far-end speech", heard, left)
	wantNoSpeech(t, "right channel holds none of ours", sent, right)
}
