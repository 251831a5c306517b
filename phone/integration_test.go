package phone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/internal/audiocheck"
	"softphone/internal/testpeer"
	"softphone/phone/audio"
	"softphone/phone/control"
)

const (
	regTimeout  = 15 * time.Second
	callTimeout = 20 * time.Second
)

// users of the test registrar.
var users = map[string]string{"1000": "secret1000", "1001": "secret1001", "1002": "secret1002"}

func TestIntegrationRegister(t *testing.T) {
	for _, alg := range []string{"MD5", "SHA-256"} {
		t.Run(alg, func(t *testing.T) {
			k := testpeer.StartKamailio(t, users, testpeer.WithChallengeAlgorithm(alg))
			tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000"))
			tp.waitReg(control.RegRegistering, regTimeout)
			reg := tp.waitReg(control.RegRegistered, regTimeout)
			if !reg.Registered || reg.Expires <= 0 {
				t.Fatalf("registration %+v", reg)
			}
			k.WaitRegistered(t, "1000", regTimeout)
			if st := tp.p.Status(); !st.Registered || st.Registration != "Registered" {
				t.Fatalf("status %+v", st)
			}
			if err := tp.p.Unregister(); err != nil {
				t.Fatal(err)
			}
			if k.Registered(t, "1000") {
				t.Fatal("kamailio still has a binding after unregister")
			}
		})
	}
}

func TestIntegrationRegisterWrongPassword(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "wrong"))
	reg := tp.waitReg(control.RegFailed, regTimeout)
	if !strings.Contains(reg.Reason, "wrong username or password") {
		t.Fatalf("reason %q does not name the wrong password", reg.Reason)
	}
	ev := tp.next("error notice", time.Second, func(ev control.Event) bool { return ev.Kind == control.KindError })
	if !strings.HasPrefix(ev.Notification, "EVENT,ERROR,Register failed: wrong username or password") {
		t.Fatalf("notice %q", ev.Notification)
	}
}

func TestIntegrationRegisterServerDown(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	tp := startPhone(t, kv("serveraddress", fmt.Sprintf("127.0.0.1:%d", port), "username", "1000", "password", "x"))
	reg := tp.waitReg(control.RegFailed, 30*time.Second)
	if !strings.Contains(reg.Reason, "timeout") && !strings.Contains(reg.Reason, "cannot reach") {
		t.Fatalf("reason %q does not say the server did not answer", reg.Reason)
	}
}

// speechPair makes two different speech files: what we say and what the far end says.
func speechPair(t *testing.T) (ours, theirs string) {
	return testpeer.SpeechWAV(t, "Hello from the softphone. One two three four five six.", 16000),
		testpeer.SpeechWAV(t, "This is baresip speaking. Seven eight nine ten, the far end.", 16000)
}

// loadSentGot loads what was sent and what arrived at rate, failing the test naming label.
func loadSentGot(t *testing.T, label, sent, got string, rate int) (s, g []int16) {
	t.Helper()
	s, err := audiocheck.Load(sent, rate)
	if err != nil {
		t.Fatalf("%s: load sent: %v", label, err)
	}
	g, err = audiocheck.Load(got, rate)
	if err != nil {
		t.Fatalf("%s: load received %s: %v", label, got, err)
	}
	return s, g
}

// checkSpeech proves that got contains the speech in sent: loud enough, long enough, and
// correlated with it (testpeer.CheckSpeech).
func checkSpeech(t *testing.T, label, sent, got string) {
	t.Helper()
	testpeer.CheckSpeech(t, label, sent, got)
}

func TestIntegrationCallOutAudio(t *testing.T) {
	ours, theirs := speechPair(t)
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: true})
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "file:"+ours))
	tp.waitReg(control.RegRegistered, regTimeout)

	out := tp.mustPost("call", `{"number":"1001"}`)
	if !strings.Contains(out, `"line":1`) {
		t.Fatalf("call answered %s", out)
	}
	tp.waitLine(control.StateSetup, callTimeout)
	l := tp.waitLine(control.StateInCall, callTimeout)
	if l.Direction != control.DirectionOutgoing || l.Peer != "1001" || l.Codec == "" || l.CallID == "" {
		t.Fatalf("line %+v", l)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	cdr := tp.waitCDR(time.Second)
	if cdr.DisParty != 1 || cdr.DurationMS < 5000 || cdr.Called != "1001" || cdr.Caller != "1000" {
		t.Fatalf("CDR %+v", cdr)
	}
	checkBothWays(t, tp, b, ours, theirs, "")
}

func TestIntegrationCallInAudio(t *testing.T) {
	ours, theirs := speechPair(t)
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr, Source: theirs})
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "file:"+ours, "displayname", "Desk 1000"))
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)

	callFromBaresip(t, tp, b, "sip:1000@"+k.Addr)
	cdr := tp.waitCDR(time.Second)
	if cdr.DisParty != 2 || cdr.Caller != "1001" || cdr.DurationMS < 5000 {
		t.Fatalf("CDR %+v", cdr)
	}
	checkBothWays(t, tp, b, ours, theirs, "")
}

// callFromBaresip has b call the phone at aor: the phone rings (one ringing line, incoming,
// from 1001), answers, audio flows to b for 6 s, b hangs up and the line ends by BYE.
// callBaresip calls number (a baresip that answers) from the phone, waits until both sides
// are in the call and baresip has heard enough, and hangs up. It returns the line as it was
// in the call.
func callBaresip(t *testing.T, tp *testPhone, b *testpeer.Baresip, number string) control.Line {
	t.Helper()
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, number))
	l := tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	return l
}

func callFromBaresip(t *testing.T, tp *testPhone, b *testpeer.Baresip, aor string) {
	t.Helper()
	if err := b.Dial(aor); err != nil {
		t.Fatal(err)
	}
	l := tp.waitLine(control.StateRinging, callTimeout)
	if l.Direction != control.DirectionIncoming || l.Peer != "1001" {
		t.Fatalf("ringing line %+v", l)
	}
	st := tp.p.Status()
	if len(st.Lines) != 1 || st.Lines[0].State != control.StateRinging {
		t.Fatalf("status while ringing %+v", st)
	}
	tp.mustPost("accept", `{}`)
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	if err := b.Hangup(); err != nil {
		t.Fatal(err)
	}
	l = tp.waitLine(control.StateFinished, callTimeout)
	if !strings.Contains(l.Reason, "BYE") {
		t.Fatalf("reason %q", l.Reason)
	}
}

func TestIntegrationCallEndings(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr})
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000"))
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)

	t.Run("reject", func(t *testing.T) {
		tp.t = t
		if err := b.Dial("sip:1000@" + k.Addr); err != nil {
			t.Fatal(err)
		}
		tp.waitLine(control.StateRinging, callTimeout)
		tp.mustPost("reject", `{}`)
		l := tp.waitLine(control.StateFinished, callTimeout)
		cdr := tp.waitCDR(time.Second)
		if l.Reason != "rejected" || cdr.DisParty != 1 || cdr.DurationMS != 0 {
			t.Fatalf("line %+v cdr %+v", l, cdr)
		}
		b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	})
	t.Run("caller cancels", func(t *testing.T) {
		tp.t = t
		if err := b.Dial("sip:1000@" + k.Addr); err != nil {
			t.Fatal(err)
		}
		tp.waitLine(control.StateRinging, callTimeout)
		if err := b.Hangup(); err != nil {
			t.Fatal(err)
		}
		l := tp.waitLine(control.StateFinished, callTimeout)
		cdr := tp.waitCDR(time.Second)
		if !strings.Contains(l.Reason, "cancelled") || cdr.DisParty != 2 {
			t.Fatalf("line %+v cdr %+v", l, cdr)
		}
		b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	})
	t.Run("unknown number", func(t *testing.T) {
		tp.t = t
		tp.mustPost("call", `{"number":"4040"}`)
		l := tp.waitLine(control.StateFinished, callTimeout)
		if !strings.Contains(l.Reason, "not found (404") {
			t.Fatalf("reason %q", l.Reason)
		}
		cdr := tp.waitCDR(time.Second)
		if cdr.DisParty != 2 {
			t.Fatalf("cdr %+v", cdr)
		}
	})
	t.Run("busy far end", func(t *testing.T) {
		tp.t = t
		tp.mustPost("call", `{"number":"1001"}`)
		tp.waitLine(control.StateRinging, callTimeout)
		b.WaitEvent(t, "CALL_INCOMING", callTimeout)
		if _, err := b.Command("hangup", ""); err != nil { // baresip rejects a ringing call with 486
			t.Fatal(err)
		}
		l := tp.waitLine(control.StateFinished, callTimeout)
		if !strings.Contains(l.Reason, "(4") && !strings.Contains(l.Reason, "(6") {
			t.Fatalf("reason %q does not carry the far end's status", l.Reason)
		}
		tp.waitCDR(time.Second)
	})
	t.Run("we cancel", func(t *testing.T) {
		tp.t = t
		tp.mustPost("call", `{"number":"1001"}`)
		tp.waitLine(control.StateRinging, callTimeout)
		b.WaitEvent(t, "CALL_INCOMING", callTimeout)
		tp.mustPost("hangup", `{}`)
		l := tp.waitLine(control.StateFinished, callTimeout)
		if l.Reason != "hung up" {
			t.Fatalf("reason %q", l.Reason)
		}
		b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	})
	t.Run("unreachable", func(t *testing.T) {
		tp.t = t
		port := testpeer.FreePort(t, "udp")
		tp.mustPost("call", fmt.Sprintf(`{"number":"sip:nobody@127.0.0.1:%d"}`, port))
		l := tp.waitLine(control.StateFinished, 40*time.Second)
		if !strings.Contains(l.Reason, "unreachable") {
			t.Fatalf("reason %q", l.Reason)
		}
	})
	t.Run("bad input", func(t *testing.T) {
		tp.t = t
		for _, c := range []struct{ fn, body, want string }{
			{"call", `{"number":"12$4"}`, "invalid number"},
			{"accept", `{}`, "no incoming call is ringing"},
			{"hangup", `{"line":3}`, "no such call on line 3"},
			{"setparameter", `{"name":"registr","value":"1"}`, `unknown parameter \"registr\"`},
			{"setparameter", `{"name":"register","value":"7"}`, `register`},
			{"nosuchfunction", `{}`, `unknown function`},
		} {
			code, out := tp.post(c.fn, c.body)
			if code < 400 || !strings.Contains(out, c.want) {
				t.Errorf("%s %s: %d %s; want an error containing %s", c.fn, c.body, code, out, c.want)
			}
		}
	})
}

func TestIntegrationDirectCallWithoutServer(t *testing.T) {
	ours, theirs := speechPair(t)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true})
	tp := startPhone(t, kv("audioinput", "file:"+ours))
	tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 6*time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	checkPeerHeard(t, b, ours, "baresip heard us directly")
}

// checkPeerHeard waits for baresip to close the call and proves its recording of what it
// received holds our speech.
func checkPeerHeard(t *testing.T, b *testpeer.Baresip, ours, label string) {
	t.Helper()
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	received, _ := b.Recordings()
	checkSpeech(t, label, ours, received)
}

// checkBothWays proves audio crossed the call in both directions: baresip's recording holds
// our speech, and our speaker WAV (finished by closing the phone) holds baresip's.
func checkBothWays(t *testing.T, tp *testPhone, b *testpeer.Baresip, ours, theirs, how string) {
	t.Helper()
	checkPeerHeard(t, b, ours, "baresip heard us"+how)
	tp.p.Close()
	checkSpeech(t, "we heard baresip"+how, theirs, tp.out)
}

func TestIntegrationEchoTest(t *testing.T) {
	ours, _ := speechPair(t)
	tp := startPhone(t, kv("audioinput", "file:"+ours))
	tp.mustPost("call", `{"number":"echo"}`)
	l := tp.waitLine(control.StateInCall, callTimeout)
	if l.Peer != "echo" {
		t.Fatalf("line %+v", l)
	}
	s, _, err := audio.ReadWAV(ours)
	if err != nil {
		t.Fatal(err)
	}
	waitWAV(t, tp.out, time.Duration(len(s))*time.Second/16000+time.Second, 30*time.Second)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	tp.p.Close()
	checkSpeech(t, "echo test played back our microphone", ours, tp.out)
}

// waitWAV waits until the WAV at path holds at least d of audio (the file device rewrites
// its header about once a second).
func waitWAV(t *testing.T, path string, d, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if s, rate, err := audio.ReadWAV(path); err == nil && rate > 0 && time.Duration(len(s))*time.Second/time.Duration(rate) >= d {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not reach %v of audio within %v", path, d, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
