package phone_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// Call-control tests use more registrar users than the first-call tests: we are 1000, the
// baresip peers 1001-1004.
var ccUsers = map[string]string{
	"1000": "secret1000", "1001": "secret1001", "1002": "secret1002", "1003": "secret1003", "1004": "secret1004",
}

// ccRate is the rate recordings are compared at (G.711 carries nothing above it).
const ccRate = 8000

// Texts each party speaks, different so a recording shows whose speech it holds.
const (
	ourText = "Hello from the softphone. One two three four five six."
	bText   = "This is baresip bravo speaking. Seven eight nine ten, the far end."
	cText   = "Charlie here on the third phone. Apples, oranges, bananas and pears."
)

// talker returns a WAV that speaks text over and over for total, so a party keeps talking
// through hold, transfer and conference.
func talker(t *testing.T, text string, total time.Duration) string {
	t.Helper()
	return testpeer.RepeatWAV(t, testpeer.SpeechWAV(t, text, 16000), 700*time.Millisecond, total)
}

// ccSetup starts kamailio and our phone registered as 1000 with the given extra parameters.
func ccSetup(t *testing.T, sets map[string]string) (*testpeer.Kamailio, *testPhone) {
	t.Helper()
	k := testpeer.StartKamailio(t, ccUsers)
	base := kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000")
	for key, v := range sets {
		base[key] = v
	}
	tp := startPhone(t, base)
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	return k, tp
}

// ccPeer starts a registered baresip for user with the settings in cfg (user, password and
// registrar are filled in).
func ccPeer(t *testing.T, k *testpeer.Kamailio, user string, cfg testpeer.BaresipConfig) *testpeer.Baresip {
	t.Helper()
	cfg.User, cfg.Password, cfg.Registrar = user, ccUsers[user], k.Addr
	b := testpeer.StartBaresip(t, cfg)
	k.WaitRegistered(t, user, regTimeout)
	return b
}

// waitLineN waits for an event of line n satisfying ok.
func (tp *testPhone) waitLineN(n int, what string, timeout time.Duration, ok func(control.Line) bool) control.Line {
	tp.t.Helper()
	ev := tp.next(fmt.Sprintf("line %d %s", n, what), timeout, func(ev control.Event) bool {
		return ev.Kind == control.KindLine && ev.Line.Line == n && ok(*ev.Line)
	})
	return *ev.Line
}

// waitState waits for line n to reach state.
func (tp *testPhone) waitState(n int, state string, timeout time.Duration) control.Line {
	tp.t.Helper()
	return tp.waitLineN(n, state, timeout, func(l control.Line) bool { return l.State == state })
}

// status reads GET /v1/status.
func (tp *testPhone) status() control.Status {
	tp.t.Helper()
	res, err := tp.api.Client().Get(tp.api.URL + "/v1/status")
	if err != nil {
		tp.t.Fatalf("GET /v1/status: %v", err)
	}
	defer res.Body.Close()
	var st control.Status
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		tp.t.Fatalf("GET /v1/status: %v", err)
	}
	return st
}

// statusLine returns line n from GET /v1/status, failing the test if it is not listed.
func (tp *testPhone) statusLine(n int) control.Line {
	tp.t.Helper()
	st := tp.status()
	for _, l := range st.Lines {
		if l.Line == n {
			return l
		}
	}
	tp.t.Fatalf("status has no line %d: %+v", n, st)
	return control.Line{}
}

// speakerSeconds returns how much audio our speaker recording holds so far (the file device
// rewrites its header about once a second, so this lags by up to a second).
func (tp *testPhone) speakerSeconds() float64 {
	s, rate, err := audio.ReadWAV(tp.out)
	if err != nil || rate <= 0 {
		return 0
	}
	return float64(len(s)) / float64(rate)
}

// waitGrow waits until f reports at least want, failing the test after timeout. It replaces
// sleeps: f reads a recording that grows in real time.
func waitGrow(t *testing.T, what string, want float64, timeout time.Duration, f func() float64) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := f()
		if got >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s reached %.2f within %v, want %.2f", what, got, timeout, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// load reads a WAV at ccRate.
func load(t *testing.T, label, path string) []int16 {
	t.Helper()
	if path == "" {
		t.Fatalf("%s: recording missing", label)
	}
	s, err := audiocheck.Load(path, ccRate)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	return s
}

// cut returns samples between from and to seconds (to <= 0 means the end), clamped.
func cut(s []int16, from, to float64) []int16 {
	a, b := int(from*ccRate), len(s)
	if to > 0 {
		b = min(int(to*ccRate), len(s))
	}
	a = max(0, min(a, b))
	return s[a:b]
}

// speechOf measures how much of sent a recording segment holds.
func speechOf(sent, got []int16) (level, peak float64) {
	peak, _ = audiocheck.Correlation(sent, got)
	return audiocheck.RMSdBFS(got), peak
}

// wantSpeech fails unless got is audible and correlates with sent at least minPeak (0.5 for
// one talker, lower for one voice in a mix).
func wantSpeech(t *testing.T, label string, sent, got []int16, minPeak float64) {
	t.Helper()
	level, peak := speechOf(sent, got)
	t.Logf("%s: %.1f s, level %.1f dBFS, correlation %.2f", label, float64(len(got))/ccRate, level, peak)
	if len(got) < ccRate {
		t.Errorf("%s: only %.2f s of audio to measure", label, float64(len(got))/ccRate)
		return
	}
	if level < -45 {
		t.Errorf("%s: silence (%.1f dBFS), want speech", label, level)
	}
	if peak < minPeak {
		t.Errorf("%s: correlation %.2f, want >= %.2f", label, peak, minPeak)
	}
}

// wantNoSpeech fails if got correlates with sent: a voice that must not be in a recording.
func wantNoSpeech(t *testing.T, label string, sent, got []int16) {
	t.Helper()
	_, peak := speechOf(sent, got)
	t.Logf("%s: correlation %.2f (want low)", label, peak)
	if peak >= 0.45 { // unrelated espeak speech reaches ~0.35 (similar syllable rhythm)
		t.Errorf("%s: correlation %.2f, want < 0.45", label, peak)
	}
}

// wantSilence fails unless got is silent: no audio was sent during it.
func wantSilence(t *testing.T, label string, got []int16) {
	t.Helper()
	level := audiocheck.RMSdBFS(got)
	t.Logf("%s: %.1f s, level %.1f dBFS", label, float64(len(got))/ccRate, level)
	if len(got) < ccRate/2 {
		t.Errorf("%s: only %.2f s recorded, want a silent stretch", label, float64(len(got))/ccRate)
	}
	if level > -50 {
		t.Errorf("%s: level %.1f dBFS, want silence (< -50 dBFS)", label, level)
	}
}

// wantError posts a call-control request that must fail with a 4xx naming the problem.
func (tp *testPhone) wantError(function, body, want string) {
	tp.t.Helper()
	code, out := tp.post(function, body)
	if code < 400 || code > 499 || !strings.Contains(out, want) {
		tp.t.Errorf("POST /v1/%s %s: %d %s; want 4xx naming %q", function, body, code, out, want)
	}
}

// isInvite matches a request baresip received: an INVITE whose SDP holds attr.
func isInvite(attr string) func(testpeer.SIPMessage) bool {
	return func(m testpeer.SIPMessage) bool {
		return m.Received && m.Status == 0 && m.Method == "INVITE" && strings.Contains(m.Body, attr)
	}
}

// pollLine polls GET /v1/status until line n satisfies ok (events may already have passed),
// failing the test after timeout.
func (tp *testPhone) pollLine(n int, what string, timeout time.Duration, ok func(control.Line) bool) control.Line {
	tp.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st := tp.status()
		for _, l := range st.Lines {
			if l.Line == n && ok(l) {
				return l
			}
		}
		if time.Now().After(deadline) {
			tp.t.Fatalf("line %d not %s within %v; status %+v", n, what, timeout, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitLineGone polls the status until line n is no longer in use.
func (tp *testPhone) waitLineGone(n int, timeout time.Duration) {
	tp.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st := tp.status()
		gone := true
		for _, l := range st.Lines {
			gone = gone && (l.Line != n || l.State == control.StateFinished)
		}
		if gone {
			return
		}
		if time.Now().After(deadline) {
			tp.t.Fatalf("line %d still in use after %v; status %+v", n, timeout, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
