package testpeer

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// browserCmdTimeout bounds one command to the page.
const browserCmdTimeout = 30 * time.Second

// BrowserState is the page's view of its user agent and call (webphone.js state()).
type BrowserState struct {
	// Registered is true once JsSIP registered; RegError is its cause when it failed.
	Registered bool
	RegError   string
	// Call is "none", "calling", "progress" (ringing far end), "ringing" (incoming, not
	// answered), "accepted", "confirmed", "ended" or "failed"; Cause is JsSIP's cause of
	// an ended or failed call.
	Call, Cause string
	// Incoming is true when the current call came in.
	Incoming bool
	// RemoteSDP and LocalSDP are the call's last SDP bodies.
	RemoteSDP, LocalSDP string
	// HeldByPeer is true while the far end holds the call (a re-INVITE with sendonly or
	// inactive), as JsSIP saw it.
	HeldByPeer bool
	// Digits are the DTMF tones received in the current call (SIP INFO), in order.
	Digits string
	// Log is the page's own notes (state changes, ICE and connection states).
	Log []string
}

// BrowserStats are the call's RTCPeerConnection statistics (webphone.js stats()).
type BrowserStats struct {
	// PacketsReceived and BytesReceived count the audio RTP received; TotalAudioEnergy
	// and TotalSamplesDuration are Chromium's measure of what it decoded (the sum of
	// squared sample values in [-1, 1] times their duration, and that duration).
	PacketsReceived      int
	BytesReceived        int
	TotalAudioEnergy     float64
	TotalSamplesDuration float64
	// PacketsSent and BytesSent count the audio RTP sent.
	PacketsSent, BytesSent int
	// Codec is the received audio's MIME type and clock rate, e.g. "audio/opus/48000".
	Codec string
	// DTLSState ("connected" once keys are agreed), SRTPCipher and ICEState describe the
	// transport; LocalCandidate and RemoteCandidate the selected ICE pair ("host
	// 198.51.100.66:40000/udp").
	DTLSState, SRTPCipher, ICEState string
	LocalCandidate, RemoteCandidate string
}

// Level returns the received audio's RMS level in dBFS (from TotalAudioEnergy over
// TotalSamplesDuration), -Inf before any audio.
func (s BrowserStats) Level() float64 {
	if s.TotalSamplesDuration <= 0 || s.TotalAudioEnergy <= 0 {
		return math.Inf(-1)
	}
	return 10 * math.Log10(s.TotalAudioEnergy/s.TotalSamplesDuration)
}

// eval runs a webphone.js call with JSON-encoded args.
func (b *Browser) eval(fn string, out any, args ...any) error {
	parts := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			return err
		}
		parts[i] = string(j)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserCmdTimeout)
	defer cancel()
	return b.cdp.evaluate(ctx, "window.webphone."+fn+"("+strings.Join(parts, ",")+")", out)
}

// Register starts the page's user agent as uri (e.g. "sip:2000@198.51.100.10") over the
// WebSocket URL wsURL ("wss://198.51.100.10:PORT") with password, and returns once it is
// registered, or fails the test with JsSIP's cause.
func (b *Browser) Register(t testing.TB, uri, wsURL, password string) {
	t.Helper()
	if err := b.eval("register", nil, uri, wsURL, password); err != nil {
		t.Fatalf("testpeer: browser register %s over %s: %v (page log follows)\n%s", uri, wsURL, err, b.LogTail(30))
	}
}

// Call makes the page call target (a SIP URI); WaitCall follows its progress.
func (b *Browser) Call(t testing.TB, target string) {
	t.Helper()
	if err := b.eval("call", nil, target); err != nil {
		t.Fatalf("testpeer: browser call %s: %v", target, err)
	}
}

// Answer answers the incoming call (WaitCall(t, "ringing", ...) first).
func (b *Browser) Answer(t testing.TB) {
	t.Helper()
	if err := b.eval("answer", nil); err != nil {
		t.Fatalf("testpeer: browser answer: %v", err)
	}
}

// AutoAnswer makes the page answer incoming calls at once (on) or let them ring (off, the
// start's default).
func (b *Browser) AutoAnswer(t testing.TB, on bool) {
	t.Helper()
	if err := b.eval("autoanswer", nil, on); err != nil {
		t.Fatalf("testpeer: browser autoanswer: %v", err)
	}
}

// Hangup ends the current call, if any.
func (b *Browser) Hangup(t testing.TB) {
	t.Helper()
	if err := b.eval("hangup", nil); err != nil {
		t.Fatalf("testpeer: browser hangup: %v", err)
	}
}

// DTMF sends tones (0-9, *, #, A-D) as SIP INFO in the current call.
func (b *Browser) DTMF(t testing.TB, tones string) {
	t.Helper()
	if err := b.eval("dtmf", nil, tones); err != nil {
		t.Fatalf("testpeer: browser DTMF %q: %v", tones, err)
	}
}

// WaitState polls State until ok accepts it, or fails the test naming what after timeout.
func (b *Browser) WaitState(t testing.TB, what string, timeout time.Duration, ok func(BrowserState) bool) BrowserState {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := b.State(t)
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: browser: not %s after %v (call %q, held %v, digits %q); page log:\n%s",
				what, timeout, s.Call, s.HeldByPeer, s.Digits, strings.Join(s.Log, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// State returns the page's state.
func (b *Browser) State(t testing.TB) BrowserState {
	t.Helper()
	var s BrowserState
	if err := b.eval("state", &s); err != nil {
		t.Fatalf("testpeer: browser state: %v", err)
	}
	return s
}

// Stats returns the current call's statistics (zero before a call).
func (b *Browser) Stats(t testing.TB) BrowserStats {
	t.Helper()
	var s BrowserStats
	if err := b.eval("stats", &s); err != nil {
		t.Fatalf("testpeer: browser stats: %v", err)
	}
	return s
}

// WaitCall polls State until the call is in state (see BrowserState.Call) and returns it;
// a call that ended or failed first, or a timeout, fails the test.
func (b *Browser) WaitCall(t testing.TB, state string, timeout time.Duration) BrowserState {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := b.State(t)
		if s.Call == state {
			return s
		}
		if s.Call == "failed" || (s.Call == "ended" && state != "ended") {
			t.Fatalf("testpeer: browser call %s (%s) while waiting for %q; page log:\n%s", s.Call, s.Cause, state, strings.Join(s.Log, "\n"))
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: browser call is %q, not %q, after %v; page log:\n%s", s.Call, state, timeout, strings.Join(s.Log, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitReceived polls Stats until the call has received audio for d (RTP packets of 20 ms)
// and returns the statistics; a timeout fails the test.
func (b *Browser) WaitReceived(t testing.TB, d, timeout time.Duration) BrowserStats {
	t.Helper()
	want := int(d / (20 * time.Millisecond))
	deadline := time.Now().Add(timeout)
	for {
		s := b.Stats(t)
		if s.PacketsReceived >= want {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: browser received %d RTP packets within %v, want %d (%v); stats %+v",
				s.PacketsReceived, timeout, want, d, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// String is a one-line summary for logs.
func (s BrowserStats) String() string {
	return fmt.Sprintf("received %d packets (%s, level %.1f dBFS over %.1f s), sent %d packets, ICE %s %s -> %s, DTLS %s %s",
		s.PacketsReceived, s.Codec, s.Level(), s.TotalSamplesDuration, s.PacketsSent, s.ICEState,
		s.LocalCandidate, s.RemoteCandidate, s.DTLSState, s.SRTPCipher)
}
