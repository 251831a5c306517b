package phone_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestRecordToggleOnEchoCall turns recording on and off mid-call (recordcalls off) on the
// built-in echo test, which needs no peer: each stretch of recording is its own WAV in
// recordpath holding the speech we sent, and the line reports the file while recording.
func TestRecordToggleOnEchoCall(t *testing.T) {
	dir := t.TempDir()
	ours := talker(t, ourText, 30*time.Second)
	tp := startPhone(t, kv("audioinput", "file:"+ours, "recordcalls", "0", "recordpath", dir, "recordformat", "stereo"))

	tp.wantError("record", `{"line":1,"record":true}`, "line 1")
	tp.mustPost("call", `{"number":"echo"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	if l := tp.statusLine(1); l.Recording != "" {
		t.Fatalf("recording %q before Record, with recordcalls=0", l.Recording)
	}
	var paths []string
	for round := range 2 {
		tp.mustPost("record", `{"line":1,"record":true}`)
		l := tp.pollLine(1, "recording", callTimeout, func(l control.Line) bool { return l.Recording != "" })
		if filepath.Dir(l.Recording) != dir {
			t.Fatalf("round %d: recording %q is not in recordpath %s", round, l.Recording, dir)
		}
		tp.mustPost("record", `{"record":true}`) // already recording: nothing changes
		waitFileSize(t, l.Recording, 2*64000, 20*time.Second)
		tp.mustPost("record", `{"line":1,"record":false}`)
		tp.pollLine(1, "recording stopped", callTimeout, func(l control.Line) bool { return l.Recording == "" })
		paths = append(paths, l.Recording)
	}
	if paths[0] == paths[1] {
		t.Fatalf("both recordings went to %s", paths[0])
	}
	for _, p := range paths {
		w, err := testpeer.ReadWAV(p)
		if err != nil {
			t.Fatal(err)
		}
		if w.Channels != 2 || w.Duration() < 1.5 {
			t.Fatalf("%s: %d channels, %.1f s; want stereo, at least 1.5 s", p, w.Channels, w.Duration())
		}
		var sum float64
		for i := 0; i < len(w.Samples); i += 2 {
			sum += float64(w.Samples[i]) * float64(w.Samples[i])
		}
		if rms := math.Sqrt(sum / float64(len(w.Samples)/2)); rms < 300 {
			t.Errorf("%s: left channel (what we sent) RMS %.0f, want speech (> 300)", p, rms)
		}
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	tp.wantError("record", `{"line":1,"record":false}`, "line 1")
	// History keeps the latest recording though it stopped before the call ended.
	calls, err := tp.p.History(control.HistoryFilter{Limit: 1})
	if err != nil || len(calls) != 1 {
		t.Fatalf("history: %v, %d rows", err, len(calls))
	}
	if calls[0].Recording != paths[1] {
		t.Errorf("history recording %q, want %q", calls[0].Recording, paths[1])
	}
}

// waitFileSize waits until the file at path holds at least n bytes.
func waitFileSize(t *testing.T, path string, n int64, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := os.Stat(path)
		if err == nil && st.Size() >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not reach %d bytes within %v (%v)", path, n, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
