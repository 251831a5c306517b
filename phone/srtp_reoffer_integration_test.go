package phone_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// drain moves the events already queued into tp.seen without waiting.
func (tp *testPhone) drain() {
	for {
		select {
		case ev, ok := <-tp.events:
			if !ok {
				return
			}
			tp.seen = append(tp.seen, ev)
		default:
			return
		}
	}
}

// countStatus counts the STATUS notifications of line n in state among events.
func countStatus(events []control.Event, n int, state string) int {
	prefix := fmt.Sprintf("STATUS,%d,%s,", n, state)
	k := 0
	for _, ev := range events {
		if strings.HasPrefix(ev.Notification, prefix) {
			k++
		}
	}
	return k
}

// sdpLine returns the first line of body starting with prefix, "" if none.
func sdpLine(body, prefix string) string {
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimRight(l, "\r"); strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// mProfile returns the transport profile of the first m=audio line of body.
func mProfile(body string) string {
	if f := strings.Fields(sdpLine(body, "m=audio")); len(f) > 2 {
		return f[2]
	}
	return ""
}

// ourSDP returns the SDP we sent that baresip received: the INVITE when we called, our
// 200 OK to its INVITE when it called.
func ourSDP(t *testing.T, b *testpeer.Baresip, weCall bool) testpeer.SIPMessage {
	t.Helper()
	return b.WaitSIP(t, "our first SDP", callTimeout, func(m testpeer.SIPMessage) bool {
		if !m.Received || !strings.Contains(m.Body, "m=audio") || m.Method != "INVITE" {
			return false
		}
		return (weCall && m.Status == 0) || (!weCall && m.Status == 200)
	})
}

// TestIntegrationSRTPReofferHold holds and resumes SRTP calls from both sides with the
// default srtp=1, against a baresip whose SRTP is mandatory (RTP/SAVP) and one whose SRTP
// is optional (RTP/AVP with a=crypto), calling out and being called. Our hold and resume
// re-INVITEs must offer the profile and the very a=crypto line of our first SDP (same key),
// the line stays encrypted, audio crosses both ways before and after each resume, and our
// hold and resume publish exactly one STATUS Hold and one STATUS InCall.
func TestIntegrationSRTPReofferHold(t *testing.T) {
	for _, enc := range []string{"srtp-mand", "srtp"} {
		for _, weCall := range []bool{true, false} {
			name := enc + "/they call"
			if weCall {
				name = enc + "/we call"
			}
			t.Run(name, func(t *testing.T) { srtpHoldBothSides(t, enc, weCall) })
		}
	}
}

func srtpHoldBothSides(t *testing.T, enc string, weCall bool) {
	ours := talker(t, ourText, 150*time.Second)
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Loopback: true, AutoAnswer: weCall,
		MediaEnc: enc, SIPTrace: true})
	var tp *testPhone
	if weCall {
		tp = startPhone(t, kv("audioinput", "file:"+ours))
		tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
	} else {
		port := testpeer.FreePort(t, "udp")
		// why: baresip dials us directly (no registrar), so it needs our port in advance.
		tp = startPhone(t, kv("audioinput", "file:"+ours, "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
		if err := b.Dial(fmt.Sprintf("sip:me@127.0.0.1:%d", port)); err != nil {
			t.Fatal(err)
		}
		tp.waitLine(control.StateRinging, callTimeout)
		tp.mustPost("accept", `{}`)
	}
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Fatalf("call is not encrypted: %+v", l)
	}
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	if !weCall {
		// baresip 1.0 as the caller plays its ringback through the loop's player, which
		// leaves the loop open like a hold does: rearm it (see RearmLoopback).
		if err := b.RearmLoopback(); err != nil {
			t.Fatal(err)
		}
	}
	first := ourSDP(t, b, weCall)
	profile, crypto := mProfile(first.Body), sdpLine(first.Body, "a=crypto:")
	t.Logf("our first SDP (%s): m=audio %s, %s", first.StartLine, profile, crypto)
	if crypto == "" {
		t.Fatalf("our first SDP has no a=crypto:\n%s", first.Body)
	}
	waitGrow(t, "baresip loop recording", 3, 30*time.Second, func() float64 { return b.RecordedSeconds("enc") })
	holdFrom := b.RecordedSeconds("enc")
	tp.drain()
	mark := len(tp.seen)

	// We hold and resume.
	n := len(b.SIPMessages())
	tp.mustPost("hold", `{"hold":true}`)
	tp.waitLine(control.StateHold, callTimeout)
	re := b.WaitSIPFrom(t, "our hold re-INVITE", n, callTimeout, isInvite("a=sendonly"))
	if p, c := mProfile(re.Body), sdpLine(re.Body, "a=crypto:"); p != profile || c != crypto {
		t.Errorf("hold re-INVITE offers m=audio %s %q, want %s %q (the session's profile and key)", p, c, profile, crypto)
	}
	b.WaitAudioDirection(t, "recvonly", callTimeout)
	n = len(b.SIPMessages())
	tp.mustPost("hold", `{"hold":false}`)
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("resumed line is not encrypted: %+v", l)
	}
	re = b.WaitSIPFrom(t, "our resume re-INVITE", n, callTimeout, isInvite("a=sendrecv"))
	if p, c := mProfile(re.Body), sdpLine(re.Body, "a=crypto:"); p != profile || c != crypto {
		t.Errorf("resume re-INVITE offers m=audio %s %q, want %s %q", p, c, profile, crypto)
	}
	b.WaitAudioDirection(t, "sendrecv", callTimeout)
	if err := b.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	ourResume, spk1 := b.RecordedSeconds("enc"), tp.speakerSeconds()
	waitGrow(t, "baresip recording after our resume", ourResume+8, 40*time.Second, func() float64 { return b.RecordedSeconds("enc") })
	if l := tp.statusLine(1); !l.Encrypted || l.State != control.StateInCall || l.Hold {
		t.Errorf("status after our resume: %+v", l)
	}
	tp.drain()
	win := tp.seen[mark:]
	if h, c := countStatus(win, 1, control.StateHold), countStatus(win, 1, control.StateInCall); h != 1 || c != 1 {
		t.Errorf("our hold and resume published %d STATUS Hold and %d STATUS InCall, want 1 and 1", h, c)
	}

	// They hold and resume (their re-INVITEs keep SRTP; we answer keeping it).
	theirHold, spk2 := b.RecordedSeconds("enc"), tp.speakerSeconds()
	if err := b.Hold(); err != nil {
		t.Fatal(err)
	}
	tp.pollLine(1, "held by the far end", callTimeout, func(l control.Line) bool { return l.RemoteHold })
	b.WaitAudioDirection(t, "sendonly", callTimeout)
	if err := b.Resume(); err != nil {
		t.Fatal(err)
	}
	tp.pollLine(1, "resumed by the far end", callTimeout, func(l control.Line) bool { return !l.RemoteHold })
	b.WaitAudioDirection(t, "sendrecv", callTimeout)
	if err := b.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	theirResume, spk3 := b.RecordedSeconds("enc"), tp.speakerSeconds()
	waitGrow(t, "baresip recording after its resume", theirResume+8, 40*time.Second, func() float64 { return b.RecordedSeconds("enc") })
	if l := tp.statusLine(1); !l.Encrypted || l.State != control.StateInCall || l.RemoteHold {
		t.Errorf("status after their resume: %+v", l)
	}
	var theirs []string
	for _, m := range b.SIPMessages() {
		if !m.Received && m.Status == 0 && m.Method == "INVITE" && m.Header("To") != "" && strings.Contains(m.Body, "a=crypto") {
			theirs = append(theirs, mProfile(m.Body))
		}
	}
	t.Logf("baresip's INVITEs with a=crypto (profiles): %v", theirs)

	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.p.Close()

	_, bHeard := b.Recordings()
	heard := load(t, "baresip", bHeard)
	sent := load(t, "our microphone", ours)
	speaker := load(t, "our speaker", tp.out)
	wantSpeech(t, "baresip heard us before the hold", sent, cut(heard, 0.5, holdFrom-0.3), 0.5)
	wantSpeech(t, "baresip heard us after our resume", sent, cut(heard, ourResume+1, theirHold-0.3), 0.5)
	wantSpeech(t, "we heard baresip's loop after our resume", sent, cut(speaker, spk1+2.5, spk2-0.3), 0.5)
	wantSpeech(t, "baresip heard us after its resume", sent, cut(heard, theirResume+1, 0), 0.5)
	wantSpeech(t, "we heard baresip's loop after its resume", sent, cut(speaker, spk3+2.5, 0), 0.5)
}

// invitesReceived returns the initial INVITEs (no To tag) baresip received.
func invitesReceived(b *testpeer.Baresip) []testpeer.SIPMessage {
	var out []testpeer.SIPMessage
	for _, m := range b.SIPMessages() {
		if m.Received && m.Status == 0 && m.Method == "INVITE" && !strings.Contains(m.Header("To"), "tag=") {
			out = append(out, m)
		}
	}
	return out
}

// TestIntegrationSRTPBestEffortDefault calls with the default srtp=1: a baresip requiring
// SRTP accepts our first INVITE (RTP/SAVP) and the call is encrypted; a plain baresip
// refuses RTP/SAVP with 488, our retry of the same call offers RTP/AVP with a=crypto, and
// the call is plain and says so. Speech crosses both ways in both.
func TestIntegrationSRTPBestEffortDefault(t *testing.T) {
	for _, tc := range []struct {
		enc       string
		encrypted bool
		profiles  []string // of the INVITEs baresip received
	}{
		{"srtp-mand", true, []string{"RTP/SAVP"}},
		{"", false, []string{"RTP/SAVP", "RTP/AVP"}},
	} {
		t.Run("mediaenc="+tc.enc, func(t *testing.T) {
			ours, theirs := speechPair(t)
			b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", Source: theirs, AutoAnswer: true,
				MediaEnc: tc.enc, SIPTrace: true})
			tp := startPhone(t, kv("audioinput", "file:"+ours))
			tp.mustPost("call", fmt.Sprintf(`{"number":%q}`, b.URI()))
			if l := tp.waitLine(control.StateInCall, callTimeout); l.Encrypted != tc.encrypted {
				t.Errorf("line encrypted=%v, want %v: %+v", l.Encrypted, tc.encrypted, l)
			}
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			var got []string
			for _, m := range invitesReceived(b) {
				got = append(got, mProfile(m.Body))
				t.Logf("INVITE %s CSeq %s: m=audio %s, %s", m.Header("Call-ID"), m.Header("CSeq"), mProfile(m.Body), sdpLine(m.Body, "a=crypto:"))
				if sdpLine(m.Body, "a=crypto:") == "" {
					t.Errorf("INVITE without a=crypto:\n%s", m.Body)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.profiles, ",") {
				t.Errorf("INVITE profiles %v, want %v", got, tc.profiles)
			}
			if len(tc.profiles) == 2 {
				invs := invitesReceived(b)
				var refused bool
				for _, m := range b.SIPMessages() {
					refused = refused || (!m.Received && m.Method == "INVITE" && m.Status == 488)
				}
				if !refused {
					t.Error("baresip sent no 488 to our RTP/SAVP INVITE")
				}
				if len(invs) == 2 && (invs[0].Header("Call-ID") != invs[1].Header("Call-ID") ||
					invs[0].Header("CSeq") == invs[1].Header("CSeq")) {
					t.Errorf("the retry is not the same call with a new CSeq: %q %q / %q %q", invs[0].Header("Call-ID"),
						invs[0].Header("CSeq"), invs[1].Header("Call-ID"), invs[1].Header("CSeq"))
				}
			}
			if st := tp.status(); len(st.Lines) != 1 || st.Lines[0].Encrypted != tc.encrypted {
				t.Errorf("status lines %+v, want one line encrypted=%v", st.Lines, tc.encrypted)
			}
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, fmt.Sprintf(" (mediaenc=%q)", tc.enc))
		})
	}
}

// TestIntegrationReinviteFailures calls a sipp UAS (testdata/peers/reinvite_488_491.xml)
// over SRTP that answers our hold re-INVITE with 488, the next with 491 and its retry with
// 491 again, then accepts a fourth. After each failure the session is as it was: the line
// is back InCall and not held, an error event names the status, RTP keeps flowing both
// ways (sipp echoes it, counted by our session) and every re-INVITE offered the first
// INVITE's a=crypto line. The accepted hold then stops our sending.
func TestIntegrationReinviteFailures(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	done := make(chan testpeer.SippResult, 1)
	go func() {
		done <- testpeer.RunSipp(t, testpeer.Scenario(t, "reinvite_488_491.xml"), "127.0.0.1:9",
			"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo", "-timeout", "55s")
	}()
	testpeer.WaitUDPBound(t, port)
	tp := startPhone(t, kv())
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	if l := tp.waitLine(control.StateInCall, callTimeout); !l.Encrypted {
		t.Errorf("call to sipp not encrypted: %+v", l)
	}
	stats := func() (sent, recv uint64) {
		st, ok := tp.p.LineRTPStats(1)
		if !ok {
			t.Fatal("line 1 has no RTP session")
		}
		return st.PacketsSent, st.PacketsReceived
	}
	// flowing waits until both counters grew by at least 50 packets (echoed and decrypted).
	flowing := func(what string) { t.Helper(); rtpFlowing(t, tp, 1, what) }
	failure := func(status string) {
		t.Helper()
		tp.next("error event naming "+status, callTimeout, func(ev control.Event) bool {
			return ev.Kind == control.KindError && strings.Contains(ev.Message, status) && strings.Contains(ev.Message, "hold failed")
		})
		l := tp.waitLine(control.StateInCall, callTimeout)
		if l.Hold || !l.Encrypted {
			t.Errorf("line after the failed hold: %+v", l)
		}
	}
	flowing("before the re-INVITEs")

	tp.drain()
	mark := len(tp.seen)
	tp.mustPost("hold", `{"hold":true}`)
	failure("488")
	flowing("after 488")

	start := time.Now()
	tp.mustPost("hold", `{"hold":true}`)
	tp.next("retry notice", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindInfo && strings.Contains(ev.Message, "491")
	})
	failure("491")
	t.Logf("hold answered 491, retried, 491 again: back InCall %.2f s after the hold (retry delay 2.1-4 s as Call-ID owner)",
		time.Since(start).Seconds())
	flowing("after 491 twice")
	if st := tp.statusLine(1); st.State != control.StateInCall || st.Hold {
		t.Errorf("status after the failures: %+v", st)
	}
	tp.drain()
	win := tp.seen[mark:]
	t.Logf("STATUS events over two failed holds: Hold %d, InCall %d", countStatus(win, 1, control.StateHold), countStatus(win, 1, control.StateInCall))
	if h, c := countStatus(win, 1, control.StateHold), countStatus(win, 1, control.StateInCall); h != 2 || c != 2 {
		t.Errorf("two failed holds published %d STATUS Hold and %d STATUS InCall, want 2 and 2 (one each per attempt)", h, c)
	}

	tp.mustPost("hold", `{"hold":true}`)
	tp.waitLine(control.StateHold, callTimeout)
	tp.pollLine(1, "held", callTimeout, func(l control.Line) bool { return l.Hold && l.Encrypted })
	var s1 uint64
	end := time.Now().Add(10 * time.Second)
	for {
		a, _ := stats()
		time.Sleep(500 * time.Millisecond)
		b, _ := stats()
		if b == a {
			s1 = b
			break
		}
		if time.Now().After(end) {
			t.Fatalf("still sending RTP while held (%d -> %d)", a, b)
		}
	}
	t.Logf("held: RTP sent stays at %d", s1)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)

	var res testpeer.SippResult
	select {
	case res = <-done:
	case <-time.After(70 * time.Second):
		t.Fatal("sipp did not end")
	}
	if res.ExitCode != 0 {
		t.Errorf("sipp exit %d:\n%s\n%s", res.ExitCode, res.Errors, res.Stdout)
	}
	// Every re-INVITE carried the first INVITE's a=crypto line (same key).
	var first string
	var lines []string
	for _, l := range strings.Split(res.Logs, "\n") {
		if i := strings.Index(l, "invite0 "); i >= 0 {
			first = strings.TrimSpace(l[i+len("invite0 "):])
		}
		if i := strings.Index(l, "reinvite"); i >= 0 {
			lines = append(lines, strings.TrimSpace(l[i:]))
		}
	}
	t.Logf("sipp saw: invite0 %s | %s", first, strings.Join(lines, " | "))
	if len(lines) != 4 || first == "" {
		t.Errorf("sipp logged %d re-INVITEs (want 4) and first crypto %q", len(lines), first)
	}
	for _, l := range lines {
		if _, c, _ := strings.Cut(l, " "); c != first {
			t.Errorf("re-INVITE crypto %q, first INVITE's %q", c, first)
		}
	}
}

// TestIntegrationReinviteDropsSRTP: a sipp caller sets up an SRTP call with us at srtp=2,
// then re-offers plain RTP/AVP: we refuse with 488 and a Warning (302), the call stays
// encrypted and in call, and an error event names the refusal. Its next re-offer, RTP/SAVP
// with a new key, is answered RTP/SAVP with our unchanged key.
func TestIntegrationReinviteDropsSRTP(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	tp := startPhone(t, kv("srtp", "2", "autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
	res := testpeer.RunSipp(t, testpeer.Scenario(t, "reinvite_drop_srtp.xml"), fmt.Sprintf("127.0.0.1:%d", port),
		"-s", "me", "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1")
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	logged := map[string]string{}
	for _, l := range strings.Split(res.Logs, "\n") {
		for _, k := range []string{"answer1 ", "refused ", "answer2 "} {
			if i := strings.Index(l, k); i >= 0 {
				logged[strings.TrimSpace(k)] = strings.TrimSpace(l[i+len(k):])
			}
		}
	}
	t.Logf("sipp saw: 200 OK %q | 488 Warning %q | 200 OK %q", logged["answer1"], logged["refused"], logged["answer2"])
	if !strings.HasPrefix(logged["refused"], "302 ") {
		t.Errorf("488 Warning %q, want 302 (Incompatible transport protocol)", logged["refused"])
	}
	if a1, a2 := logged["answer1"], logged["answer2"]; a1 == "" || a1 != a2 || !strings.Contains(a1, "RTP/SAVP") {
		t.Errorf("answers %q / %q: want the same RTP/SAVP and a=crypto (our key kept)", a1, a2)
	}
	ev := tp.next("error event naming the refused offer", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "refused a new offer") && strings.Contains(ev.Message, "488")
	})
	t.Logf("event: %s", ev.Notification)
	tp.drain()
	for _, ev := range tp.seen {
		if ev.Kind == control.KindLine && ev.Line.State == control.StateInCall && !ev.Line.Encrypted {
			t.Errorf("the line went plain: %+v", *ev.Line)
		}
	}
	tp.waitLineGone(1, callTimeout)
}
