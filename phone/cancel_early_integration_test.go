package phone_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// hangupBeforeProvisional calls sip:far@ the gate, waits until the INVITE went through it,
// hangs up and checks the line at once: Finished (never Finishing), a CDR naming the user's
// hangup, and nothing sent but the INVITE (no CANCEL may go before a provisional, RFC 3261
// section 9.1). The gate is still closed, so the far end has reached the phone with nothing.
func hangupBeforeProvisional(t *testing.T, tp *testPhone, g *testpeer.UDPGate) control.CDR {
	t.Helper()
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:far@%s"}`, g.Addr()))
	select {
	case msg := <-g.Sent():
		if !strings.HasPrefix(msg, "INVITE ") {
			t.Fatalf("first message through the gate: %.60q, want the INVITE", msg)
		}
	case <-time.After(callTimeout):
		t.Fatal("no INVITE reached the far end")
	}
	mark := len(tp.seen)
	tp.mustPost("hangup", `{}`)
	l := tp.waitLine(control.StateFinished, callTimeout)
	cdr := tp.waitCDR(callTimeout)
	for _, ev := range tp.seen[mark:] {
		if ev.Kind == control.KindLine && ev.Line.State == control.StateFinishing {
			t.Errorf("line went Finishing before Finished: %s", ev.Notification)
		}
	}
	if l.Line != 1 || l.Reason != "hung up" {
		t.Errorf("finished line %+v, want line 1 hung up", l)
	}
	if cdr.Reason != "hung up" || cdr.DisParty != 1 || cdr.CallID != l.CallID {
		t.Errorf("CDR %s: want reason \"hung up\", disconnecting party 1 (local), call id %s", cdr.CDRLine(), l.CallID)
	}
	if st := tp.status(); len(st.Lines) != 0 {
		t.Errorf("status lines after hangup: %+v, want none", st.Lines)
	}
	for {
		select {
		case msg := <-g.Sent():
			if !strings.HasPrefix(msg, "INVITE ") { // retransmissions of the INVITE only
				t.Errorf("sent before any provisional: %.60q", msg)
			}
			continue
		default:
		}
		return cdr
	}
}

// inviteGoroutines counts the goroutines running an outgoing INVITE transaction.
func inviteGoroutines() int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "softphone/phone.(*Phone).invite(")
}

// TestIntegrationHangupBeforeProvisional: the far end (a UDP socket that swallows what it
// gets) never answers. Hanging up ends the line at once: Finished and the CDR (reason "hung
// up", disconnecting party 1) come while the far end has sent nothing, no CANCEL goes out,
// and line 1 takes the next call. Closing the phone ends the INVITE transactions still
// waiting for Timer B: no goroutine of them is left.
func TestIntegrationHangupBeforeProvisional(t *testing.T) {
	before := inviteGoroutines()
	g := testpeer.StartUDPGate(t, "")
	tp := startPhone(t, nil)
	first := hangupBeforeProvisional(t, tp, g)
	second := hangupBeforeProvisional(t, tp, g) // the line is free again at once
	if first.CallID == second.CallID {
		t.Errorf("both calls had call id %s", first.CallID)
	}
	tp.p.Close()
	deadline := time.Now().Add(callTimeout) // a failure guard only
	for inviteGoroutines() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d INVITE goroutines left after Close", inviteGoroutines()-before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startGatedSipp runs a sipp UAS scenario behind a closed testpeer.UDPGate and returns the
// gate and a function waiting for sipp's result.
func startGatedSipp(t *testing.T, scenario string) (*testpeer.UDPGate, func() testpeer.SippResult) {
	t.Helper()
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, scenario, "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1")
	waitSippListening(t, port)
	return testpeer.StartUDPGate(t, fmt.Sprintf("127.0.0.1:%d", port)), wait
}

// TestIntegrationCancelAfterLateProvisional: a sipp UAS (cancel_after_180.xml) sends 180 at
// once, but the gate holds it until the line is Finished after our hangup. When it arrives,
// the phone CANCELs (sipp passes only if the CANCEL comes, and answers it 200 and the INVITE
// 487), with no further effect on the user: no line event, no error.
func TestIntegrationCancelAfterLateProvisional(t *testing.T) {
	g, wait := startGatedSipp(t, "cancel_after_180.xml")
	tp := startPhone(t, nil)
	hangupBeforeProvisional(t, tp, g)
	mark := len(tp.seen)
	g.Open()
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d (no CANCEL after the late 180?):\n%s", res.ExitCode, res.Errors)
	}
	tp.drain()
	for _, ev := range tp.seen[mark:] {
		if ev.Kind == control.KindLine || ev.Kind == control.KindError || ev.Kind == control.KindCDR {
			t.Errorf("event after the user hung up: %s", ev.Notification)
		}
	}
}

// TestIntegrationAnswerAfterHangup: a sipp UAS (answer_after_hangup.xml) answers 200 with no
// provisional, held by the gate until the line is Finished after our hangup. The phone then
// ACKs and BYEs the call the far end believes connected (sipp passes only if both come), and
// the user sees nothing of it: the line does not come back InCall.
func TestIntegrationAnswerAfterHangup(t *testing.T) {
	g, wait := startGatedSipp(t, "answer_after_hangup.xml")
	tp := startPhone(t, nil)
	hangupBeforeProvisional(t, tp, g)
	mark := len(tp.seen)
	g.Open()
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d (no ACK and BYE for the late 200?):\n%s", res.ExitCode, res.Errors)
	}
	tp.drain()
	for _, ev := range tp.seen[mark:] {
		if ev.Kind == control.KindLine || ev.Kind == control.KindError || ev.Kind == control.KindCDR {
			t.Errorf("event after the user hung up: %s", ev.Notification)
		}
	}
}

// TestIntegrationAnswerCrossingCancel: a sipp UAS (answer_crossing_cancel.xml) rings, and
// answers the INVITE 200 right after our CANCEL (hung up while Ringing). The phone ACKs and
// BYEs that call (sipp passes only if both come); the line ends Finished with the user's
// reason and a CDR naming the local party.
func TestIntegrationAnswerCrossingCancel(t *testing.T) {
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "answer_crossing_cancel.xml", "127.0.0.1:9",
		"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1")
	waitSippListening(t, port)
	tp := startPhone(t, nil)
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateRinging, callTimeout)
	tp.mustPost("hangup", `{}`)
	l := tp.waitLine(control.StateFinished, callTimeout)
	cdr := tp.waitCDR(callTimeout)
	if l.Reason != "hung up" || cdr.DisParty != 1 {
		t.Errorf("line %+v, CDR %s: want hung up by the local party", l, cdr.CDRLine())
	}
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d (no ACK and BYE for the 200 that crossed the CANCEL?):\n%s", res.ExitCode, res.Errors)
	}
}
