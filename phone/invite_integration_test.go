package phone_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/event"
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
	deadline := time.Now().Add(10 * time.Second)
	for !udpBound(port) {
		if time.Now().After(deadline) {
			t.Fatalf("sipp does not listen on udp %d", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
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
	l := tp.waitLine(event.StateInCall, callTimeout)
	if !l.Encrypted {
		t.Errorf("delayed-offer call not encrypted: %+v", l)
	}
	rtpFlowing(t, tp, 1, "after the ACK answered our offer")
	// sipp re-INVITEs 3 s after its first ACK and hangs up 3 s later; windows of at least
	// 1 s each, back to back, cover the re-INVITE and its ACK.
	for i := 2; i <= 5; i++ {
		rtpFlowing(t, tp, 1, fmt.Sprintf("window %d", i))
	}
	end := tp.waitLine(event.StateFinished, callTimeout)
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
		if ev.Kind == event.KindError {
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
	ev := tp.next("error event naming the bad answer", callTimeout, func(ev event.Event) bool {
		return ev.Kind == event.KindError && strings.Contains(ev.Message, "does not answer our offer")
	})
	end := tp.waitLine(event.StateFinished, callTimeout)
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
			ev := tp.next("event naming the unknown RSeq", callTimeout, func(ev event.Event) bool {
				return ev.Kind == event.KindError && strings.Contains(ev.Message, "PRACK") && strings.Contains(ev.Message, "481")
			})
			t.Logf("event: %s", ev.Notification)
			tp.waitLine(event.StateInCall, callTimeout)
			end := tp.waitLine(event.StateFinished, callTimeout)
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
	tp.waitLine(event.StateRinging, callTimeout)
	rtpFlowing(t, tp, 1, "early media from the reliable 183")
	if st := tp.statusLine(1); st.State != event.StateRinging {
		t.Errorf("line %s during early media, want Ringing", st.State)
	}
	l := tp.waitLine(event.StateInCall, callTimeout)
	if !l.Encrypted {
		t.Errorf("call not encrypted: %+v", l)
	}
	rtpFlowing(t, tp, 1, "after the 200 without SDP")
	tp.mustPost("hangup", `{}`)
	tp.waitLine(event.StateFinished, callTimeout)
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
		if ev.Kind == event.KindError {
			t.Errorf("error event: %s", ev.Notification)
		}
	}
}
