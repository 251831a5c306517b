package testpeer

import (
	"math"
	"strings"
	"testing"
	"time"
)

// rmsDBFS is the RMS level of samples in dB relative to full scale.
func rmsDBFS(samples []int16) float64 {
	if len(samples) == 0 {
		return math.Inf(-1)
	}
	var sum float64
	for _, s := range samples {
		sum += float64(s) * float64(s)
	}
	return 20 * math.Log10(math.Sqrt(sum/float64(len(samples)))/32768)
}

// TestIntegrationKamailioBaresipCall registers two baresips at kamailio,
// calls from 1000 to the auto-answering 1001 (which speaks) and checks that
// 1000 recorded speech and sent silence.
func TestIntegrationKamailioBaresipCall(t *testing.T) {
	k := StartKamailio(t, map[string]string{"1000": "secret0", "1001": "secret1"})
	speech := SpeechWAV(t, "", 16000)
	callee := StartBaresip(t, BaresipConfig{User: "1001", Password: "secret1", Registrar: k.Addr, Source: speech, AutoAnswer: true})
	caller := StartBaresip(t, BaresipConfig{User: "1000", Password: "secret0", Registrar: k.Addr})
	for user, want := range map[string]bool{"1000": true, "1001": true, "1002": false} {
		if got := k.Registered(t, user); got != want {
			t.Fatalf("kamailio Registered(%s) = %v, want %v", user, got, want)
		}
	}

	if err := caller.Dial(callee.AOR(k)); err != nil {
		t.Fatalf("dial: %v", err)
	}
	ev := caller.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	if !strings.Contains(ev.PeerURI, "1001@") {
		t.Errorf("CALL_ESTABLISHED peer %q, want 1001", ev.PeerURI)
	}
	callee.WaitEvent(t, "CALL_ESTABLISHED", 15*time.Second)
	caller.WaitReceived(t, 3*time.Second, 20*time.Second)
	if err := caller.Hangup(); err != nil {
		t.Fatalf("hangup: %v", err)
	}
	caller.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
	callee.WaitEvent(t, "CALL_CLOSED", 10*time.Second)

	received, sent := caller.Recordings()
	if received == "" || sent == "" {
		t.Fatalf("caller recordings missing: received %q sent %q", received, sent)
	}
	rx, err := ReadWAV(received)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := ReadWAV(sent)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("received %.2f s at %d Hz, %.1f dBFS; sent %.2f s, %.1f dBFS",
		rx.Duration(), rx.Rate, rmsDBFS(rx.Samples), tx.Duration(), rmsDBFS(tx.Samples))
	if rx.Duration() < 2.5 {
		t.Errorf("received recording is %.2f s long, want >= 2.5 s", rx.Duration())
	}
	if db := rmsDBFS(rx.Samples); db < -40 {
		t.Errorf("received recording RMS %.1f dBFS, want > -40 dBFS (speech)", db)
	}
	if db := rmsDBFS(tx.Samples); db > -60 {
		t.Errorf("sent recording RMS %.1f dBFS, want silence (< -60 dBFS)", db)
	}
}

// TestIntegrationKamailioUnknownUser checks that a call to a user with no
// contact ends with 404.
func TestIntegrationKamailioUnknownUser(t *testing.T) {
	k := StartKamailio(t, map[string]string{"1000": "secret0"})
	caller := StartBaresip(t, BaresipConfig{User: "1000", Password: "secret0", Registrar: k.Addr})
	if err := caller.Dial("sip:4242@" + k.Addr); err != nil {
		t.Fatalf("dial: %v", err)
	}
	ev := caller.WaitEvent(t, "CALL_CLOSED", 15*time.Second)
	if !strings.Contains(ev.Param, "404") {
		t.Errorf("CALL_CLOSED param %q, want a 404", ev.Param)
	}
}

// TestIntegrationKamailioRelay checks that kamailio relays a request for
// sip:user@127.0.0.1:PORT to that port and the answer back.
func TestIntegrationKamailioRelay(t *testing.T) {
	k := StartKamailio(t, map[string]string{"1000": "secret0"})
	far := StartBaresip(t, BaresipConfig{User: "2001"})
	resp, err := ExchangeUDP(k.Addr, func(local string) []byte { return optionsRequest(local, far.URI()) }, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := ParseStatusLine(resp)
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || !strings.Contains(string(resp), "baresip") {
		t.Errorf("relayed OPTIONS got %d, want 200 from baresip:\n%s", code, resp)
	}
}

// TestIntegrationKamailioChallenge checks the digest challenges kamailio sends.
func TestIntegrationKamailioChallenge(t *testing.T) {
	tests := []struct {
		name    string
		opts    []KamailioOption
		wantAlg string
	}{
		{"md5 default", nil, ""},
		{"sha-256", []KamailioOption{WithChallengeAlgorithm("SHA-256")}, "algorithm=SHA-256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := StartKamailio(t, map[string]string{"1000": "secret0"}, tc.opts...)
			resp, err := ExchangeUDP(k.Addr, func(local string) []byte {
				return []byte("REGISTER sip:" + k.Addr + " SIP/2.0\r\n" +
					"Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + randToken(8) + ";rport\r\n" +
					"Max-Forwards: 70\r\n" +
					"From: <sip:1000@" + k.Addr + ">;tag=" + randToken(4) + "\r\n" +
					"To: <sip:1000@" + k.Addr + ">\r\n" +
					"Call-ID: " + randToken(8) + "\r\nCSeq: 1 REGISTER\r\n" +
					"Contact: <sip:1000@" + local + ">\r\nExpires: 60\r\nContent-Length: 0\r\n\r\n")
			}, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			code, _, err := ParseStatusLine(resp)
			if err != nil || code != 401 {
				t.Fatalf("REGISTER got %d (%v), want 401:\n%s", code, err, resp)
			}
			hasSHA := strings.Contains(string(resp), "algorithm=SHA-256")
			if hasSHA != (tc.wantAlg != "") {
				t.Errorf("challenge has SHA-256 = %v, want %v:\n%s", hasSHA, tc.wantAlg != "", resp)
			}
		})
	}
}

// TestIntegrationBaresipDirectCall calls between two unregistered baresips.
func TestIntegrationBaresipDirectCall(t *testing.T) {
	callee := StartBaresip(t, BaresipConfig{User: "2001"})
	caller := StartBaresip(t, BaresipConfig{User: "2000"})
	if err := caller.Dial(callee.URI()); err != nil {
		t.Fatal(err)
	}
	in := callee.WaitEvent(t, "CALL_INCOMING", 10*time.Second)
	if !strings.Contains(in.PeerURI, "2000@") {
		t.Errorf("CALL_INCOMING peer %q, want 2000", in.PeerURI)
	}
	if err := callee.Answer(); err != nil {
		t.Fatal(err)
	}
	caller.WaitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	if err := callee.Hangup(); err != nil {
		t.Fatal(err)
	}
	caller.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
	if _, err := caller.Command("no-such-command", ""); err == nil {
		t.Errorf("unknown command: want an error")
	}
}

// TestIntegrationSipp runs the sipp scenarios against kamailio.
func TestIntegrationSipp(t *testing.T) {
	k := StartKamailio(t, map[string]string{"1000": "secret0"})
	tests := []struct {
		scenario     string
		args         []string
		wantLogs     []string
		wantNotInLog []string
	}{
		{"options.xml", nil, nil, nil},
		{"options.xml", []string{"-t", "t1"}, nil, nil}, // over TCP
		// kamailio answers a bad CSeq with 400, drops a request without
		// Call-ID and answers the garbage-SDP INVITE to an unknown user 404.
		{"malformed.xml", nil, []string{"SKIPPED step 2", "FALLBACK step 3"}, []string{"FALLBACK step 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.scenario+strings.Join(tc.args, ""), func(t *testing.T) {
			res := RunSipp(t, Scenario(t, tc.scenario), k.Addr, tc.args...)
			if res.ExitCode != 0 {
				t.Fatalf("sipp exit %d, want 0", res.ExitCode)
			}
			if !strings.Contains(res.Messages, "SIP/2.0 ") {
				t.Errorf("no SIP response in the message trace")
			}
			if len(tc.args) > 0 && !strings.Contains(res.Messages, "TCP message received") {
				t.Errorf("no TCP message in the trace:\n%s", res.Messages)
			}
			for _, s := range tc.wantLogs {
				if !strings.Contains(res.Logs, s) {
					t.Errorf("logs lack %q:\n%s", s, res.Logs)
				}
			}
			for _, s := range tc.wantNotInLog {
				if strings.Contains(res.Logs, s) {
					t.Errorf("logs have %q:\n%s", s, res.Logs)
				}
			}
		})
	}
}
