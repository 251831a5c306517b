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

// sippLogged returns the text after "key " in the first <log> line that has it.
func sippLogged(res testpeer.SippResult, key string) string {
	for _, l := range strings.Split(res.Logs, "\n") {
		if i := strings.Index(l, key+" "); i >= 0 {
			return strings.TrimSpace(l[i+len(key)+1:])
		}
	}
	return ""
}

// rtpFlowing waits until line's RTP session sent and received at least 50 more packets
// (1 s of 20 ms frames) than when called.
func rtpFlowing(t *testing.T, tp *testPhone, line int, what string) {
	t.Helper()
	stats := func() (uint64, uint64) {
		st, ok := tp.p.LineRTPStats(line)
		if !ok {
			t.Fatalf("%s: line %d has no RTP session", what, line)
		}
		return st.PacketsSent, st.PacketsReceived
	}
	s0, r0 := stats()
	end := time.Now().Add(20 * time.Second)
	for {
		s, r := stats()
		if s >= s0+50 && r >= r0+50 {
			t.Logf("%s: RTP sent %d, received %d", what, s, r)
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%s: RTP sent %d->%d, received %d->%d within 20 s, want both +50", what, s0, s, r0, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runSippAsync runs a sipp scenario in the background; the returned function waits for it.
func runSippAsync(t *testing.T, scenario, target string, args ...string) func() testpeer.SippResult {
	done := make(chan testpeer.SippResult, 1)
	go func() { done <- testpeer.RunSipp(t, testpeer.Scenario(t, scenario), target, args...) }()
	return func() testpeer.SippResult {
		t.Helper()
		select {
		case res := <-done:
			return res
		case <-time.After(90 * time.Second):
			t.Fatal("sipp did not end")
		}
		return testpeer.SippResult{}
	}
}

// waitSippListening waits until sipp's UDP port is bound (sipp as UAS).
func waitSippListening(t *testing.T, port int) {
	t.Helper()
	testpeer.WaitUDPBound(t, port)
}

// TestIntegrationDelayedOffer: a sipp caller (testdata/peers/delayed_offer.xml) sends an
// INVITE without SDP; our 200 carries the offer (RTP/SAVP with a=crypto under srtp=1), its
// ACK answers, and RTP flows both ways (sipp echoes it, our session counts it). Its
// re-INVITE without SDP gets a new offer in our 200 keeping the session's profile and key
// with the o= version bumped; the ACK's answer keeps the audio flowing. Its BYE ends the call.
func TestIntegrationDelayedOffer(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	tp := startPhone(t, kv("autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
	wait := runSippAsync(t, "delayed_offer.xml", fmt.Sprintf("127.0.0.1:%d", port),
		"-s", "me", "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	l := tp.waitLine(control.StateInCall, callTimeout)
	if !l.Encrypted {
		t.Errorf("delayed-offer call not encrypted: %+v", l)
	}
	rtpFlowing(t, tp, 1, "after the ACK answered our offer")
	// sipp re-INVITEs 3 s after its first ACK and hangs up 3 s later; windows of at least
	// 1 s each, back to back, cover the re-INVITE and its ACK.
	for i := 2; i <= 5; i++ {
		rtpFlowing(t, tp, 1, fmt.Sprintf("window %d", i))
	}
	end := tp.waitLine(control.StateFinished, callTimeout)
	res := wait()
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	o1, o2 := sippLogged(res, "offer1"), sippLogged(res, "offer2")
	g1, g2 := sippLogged(res, "origin1"), sippLogged(res, "origin2")
	t.Logf("sipp saw: 200 offer %q (%s) | re-INVITE 200 offer %q (%s) | ended: %s", o1, g1, o2, g2, end.Reason)
	if o1 == "" || o1 != o2 || !strings.Contains(o1, "RTP/SAVP") {
		t.Errorf("offers %q / %q: want the same RTP/SAVP and a=crypto", o1, o2)
	}
	if g1 == "" || g1 == g2 {
		t.Errorf("o= lines %q / %q: the re-offer must bump the version", g1, g2)
	}
	if !strings.Contains(end.Reason, "BYE") {
		t.Errorf("call ended %q, want the far end's BYE", end.Reason)
	}
	for _, ev := range tp.seen {
		if ev.Kind == control.KindError {
			t.Errorf("error event during the call: %s", ev.Notification)
		}
	}
}

// TestIntegrationDelayedOfferBadAck: a sipp caller (delayed_offer_bad_ack.xml) sends an
// INVITE without SDP and "answers" our offer in the ACK with G729 only: we end the call with
// a BYE carrying Reason: SIP;cause=488 (text: warning 305, no common codec), an error event names the bad answer and the line
// ends Finished with that reason.
func TestIntegrationDelayedOfferBadAck(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	tp := startPhone(t, kv("autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
	res := testpeer.RunSipp(t, testpeer.Scenario(t, "delayed_offer_bad_ack.xml"), fmt.Sprintf("127.0.0.1:%d", port), "-s", "me")
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	reason := sippLogged(res, "reason")
	if !strings.Contains(reason, "cause=488") || !strings.Contains(reason, "305 ") {
		t.Errorf("BYE Reason %q, want cause=488", reason)
	}
	ev := tp.next("error event naming the bad answer", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "does not answer our offer")
	})
	end := tp.waitLine(control.StateFinished, callTimeout)
	t.Logf("BYE Reason: %s | event: %s | ended: %s", reason, ev.Notification, end.Reason)
	if !strings.Contains(end.Reason, "did not answer our SDP offer") {
		t.Errorf("call ended %q", end.Reason)
	}
	tp.waitLineGone(1, callTimeout)
}

// TestIntegrationPrackUAS: sipp calls us with 100rel (testdata/peers/prack_uas.xml): with
// Require: 100rel at our default use100rel=supported, and with Supported: 100rel at
// use100rel=required, our 180 is reliable (Require: 100rel, RSeq); a PRACK with a wrong RSeq
// gets 481 and an event naming it while the call keeps ringing; the right PRACK gets 200 and
// only then our 200 to the INVITE; the call connects and ends with sipp's BYE.
func TestIntegrationPrackUAS(t *testing.T) {
	for _, tc := range []struct{ name, use100rel, header string }{
		{"caller requires", "supported", "Require: 100rel"},
		{"caller supports, we require", "required", "Supported: 100rel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port := testpeer.FreePort(t, "udp")
			// why: sipp calls us directly (no registrar), so it needs our port in advance.
			tp := startPhone(t, kv("autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port), "use100rel", tc.use100rel))
			res := testpeer.RunSipp(t, testpeer.Scenario(t, "prack_uas.xml"), fmt.Sprintf("127.0.0.1:%d", port),
				"-s", "me", "-key", "ext100rel", tc.header)
			if res.ExitCode != 0 {
				t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
			}
			t.Logf("sipp saw: %s | PRACK wrong RSeq: %s | %s | %s", sippLogged(res, "reliable180"),
				sippLogged(res, "badprack"), sippLogged(res, "prack200"), sippLogged(res, "invite200"))
			ev := tp.next("event naming the unknown RSeq", callTimeout, func(ev control.Event) bool {
				return ev.Kind == control.KindError && strings.Contains(ev.Message, "PRACK") && strings.Contains(ev.Message, "481")
			})
			t.Logf("event: %s", ev.Notification)
			tp.waitLine(control.StateInCall, callTimeout)
			end := tp.waitLine(control.StateFinished, callTimeout)
			if !strings.Contains(end.Reason, "BYE") {
				t.Errorf("call ended %q", end.Reason)
			}
		})
	}
}

// TestIntegrationPrackUAC: we call a sipp UAS (testdata/peers/prack_uac.xml) that answers
// with a reliable 183 carrying the SDP answer and then a reliable 180: our INVITE says
// Supported: 100rel and timer with a Session-Expires, each reliable response is PRACKed with
// its RAck (RSeq 1, then 2, with the INVITE's CSeq), the 183's answer starts early media
// (RTP both ways before the 200), and the 200 without SDP connects the call on that answer.
func TestIntegrationPrackUAC(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "prack_uac.xml", "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	waitSippListening(t, port)
	tp := startPhone(t, kv())
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateRinging, callTimeout)
	rtpFlowing(t, tp, 1, "early media from the reliable 183")
	if st := tp.statusLine(1); st.State != control.StateRinging {
		t.Errorf("line %s during early media, want Ringing", st.State)
	}
	l := tp.waitLine(control.StateInCall, callTimeout)
	if !l.Encrypted {
		t.Errorf("call not encrypted: %+v", l)
	}
	rtpFlowing(t, tp, 1, "after the 200 without SDP")
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	res := wait()
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	inv, p1, p2 := sippLogged(res, "invite"), sippLogged(res, "prack1"), sippLogged(res, "prack2")
	t.Logf("sipp saw: INVITE %s | PRACK RAck %s | PRACK RAck %s", inv, p1, p2)
	cseq := ""
	if _, after, ok := strings.Cut(inv, "CSeq: "); ok {
		cseq, _, _ = strings.Cut(after, " ")
	}
	if p1 != "1 "+cseq+" INVITE" || p2 != "2 "+cseq+" INVITE" {
		t.Errorf("RAcks %q, %q; want RSeq 1 and 2 with the INVITE's CSeq %s", p1, p2, cseq)
	}
	for _, ev := range tp.seen {
		if ev.Kind == control.KindError {
			t.Errorf("error event: %s", ev.Notification)
		}
	}
}

// TestIntegrationSessionTimer runs both sides of RFC 4028 against sipp, in parallel:
//
//   - UAC (timer_uac_422.xml, sessiontimer=90): our INVITE asks Session-Expires 90 with
//     Supported: timer; sipp answers 422 Min-SE: 120 and we say so in an event; the retry
//     (same call, CSeq 2) asks Session-Expires 120 with Min-SE 120; sipp's 200 makes us the
//     refresher; the call runs until sipp's BYE.
//   - UAS (timer_uas_422.xml): sipp's INVITE with Session-Expires 60 gets 422 Min-SE: 90 and
//     an event; its retry with 90;refresher=uas gets a 200 with Session-Expires 90;
//     refresher=uas and Require: timer; we refresh at half the interval (45 s, real time)
//     by UPDATE, since sipp allows it, with Session-Expires 90;refresher=uac.
//
// Expiry without refresh (BYE at interval - min(32 s, interval/3), 60 s at the minimum) is
// longer than testpeer lets a sipp run last (60 s); TestSessionTimerSchedule covers it.
func TestIntegrationSessionTimer(t *testing.T) {
	t.Run("UAC", func(t *testing.T) {
		t.Parallel()
		port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
		wait := runSippAsync(t, "timer_uac_422.xml", "127.0.0.1:9",
			"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
		waitSippListening(t, port)
		tp := startPhone(t, kv("sessiontimer", "90"))
		tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
		ev := tp.next("notice of the 422 retry", callTimeout, func(ev control.Event) bool {
			return ev.Kind == control.KindInfo && strings.Contains(ev.Message, "422")
		})
		t.Logf("event: %s", ev.Notification)
		tp.waitLine(control.StateInCall, callTimeout)
		end := tp.waitLine(control.StateFinished, callTimeout)
		res := wait()
		if res.ExitCode != 0 {
			t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
		}
		i1, i2 := sippLogged(res, "invite1"), sippLogged(res, "invite2")
		t.Logf("sipp saw: INVITE %s | retry %s | ended: %s", i1, i2, end.Reason)
		if !strings.Contains(i1, "Session-Expires: 90") {
			t.Errorf("first INVITE %q, want Session-Expires: 90", i1)
		}
		if !strings.Contains(i2, "Session-Expires: 120") || !strings.Contains(i2, "Min-SE: 120") || !strings.Contains(i2, "CSeq: 2 INVITE") {
			t.Errorf("retry %q, want Session-Expires 120, Min-SE 120, CSeq 2", i2)
		}
		if !strings.Contains(end.Reason, "BYE") {
			t.Errorf("call ended %q, want sipp's BYE", end.Reason)
		}
	})
	t.Run("UAS", func(t *testing.T) {
		t.Parallel()
		port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
		// why: sipp calls us directly (no registrar), so it needs our port in advance.
		tp := startPhone(t, kv("autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
		// sipp echoes our RTP (-rtp_echo) so the call outlives rtptimeout until the refresh.
		wait := runSippAsync(t, "timer_uas_422.xml", fmt.Sprintf("127.0.0.1:%d", port), "-s", "me",
			"-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo", "-timeout", "58s")
		ev := tp.next("event naming the 422", callTimeout, func(ev control.Event) bool {
			return ev.Kind == control.KindError && strings.Contains(ev.Message, "422")
		})
		t.Logf("event: %s", ev.Notification)
		tp.waitLine(control.StateInCall, callTimeout)
		start := time.Now()
		end := tp.waitLine(control.StateFinished, 58*time.Second)
		res := wait()
		if res.ExitCode != 0 {
			t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
		}
		m, s200, su := sippLogged(res, "422"), sippLogged(res, "200"), sippLogged(res, "update")
		t.Logf("sipp saw: 422 %s | 200 %s | our refresh %s | ended after %.1f s: %s", m, s200, su, time.Since(start).Seconds(), end.Reason)
		if m != "Min-SE: 90" {
			t.Errorf("422 %q, want Min-SE: 90", m)
		}
		if !strings.Contains(s200, "90;refresher=uas") || !strings.Contains(s200, "Require: timer") {
			t.Errorf("200 %q, want Session-Expires: 90;refresher=uas and Require: timer", s200)
		}
		if !strings.Contains(su, "90;refresher=uac") {
			t.Errorf("our refresh UPDATE %q, want Session-Expires: 90;refresher=uac", su)
		}
		if !strings.Contains(end.Reason, "BYE") {
			t.Errorf("call ended %q", end.Reason)
		}
	})
}

// TestIntegrationUpdateDuringReinvite: while our hold re-INVITE is pending at a sipp UAS
// (testdata/peers/update_491.xml), sipp sends an UPDATE with an offer: we answer 491 (RFC
// 3311 section 5.2) with an event naming the refused offer, and the re-INVITE then completes:
// the line is held, nothing else changed, and the call ends normally. The hangup comes while
// the re-INVITE is still pending (sipp answers it late): sipp fails on a BYE before its ACK.
func TestIntegrationUpdateDuringReinvite(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "update_491.xml", "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	waitSippListening(t, port)
	tp := startPhone(t, kv("srtp", "0")) // why: sipp's scripted answer is plain RTP/AVP
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateInCall, callTimeout)
	rtpFlowing(t, tp, 1, "before the hold")
	tp.mustPost("hold", `{"hold":true}`)
	ev := tp.next("event naming the 491", callTimeout, func(ev control.Event) bool {
		return strings.Contains(ev.Message, "491") && strings.Contains(ev.Message, "UPDATE")
	})
	t.Logf("event: %s", ev.Notification)
	tp.pollLine(1, "held", callTimeout, func(l control.Line) bool { return l.Hold && l.State == control.StateHold })
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	res := wait()
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	t.Logf("sipp saw: re-INVITE %s | UPDATE answered %s", sippLogged(res, "reinvite"), sippLogged(res, "update"))
	if sippLogged(res, "update") != "491" {
		t.Errorf("UPDATE not answered 491: %q", res.Logs)
	}
}
