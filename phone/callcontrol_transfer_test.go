package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// transferPeers starts B (1001) and C (1002), both talking and answering by themselves.
func transferPeers(t *testing.T, k *testpeer.Kamailio, cAuto bool) (b, c *testpeer.Baresip, bSays, cSays string) {
	bSays, cSays = talker(t, bText, 90*time.Second), talker(t, cText, 90*time.Second)
	b = ccPeer(t, k, "1001", testpeer.BaresipConfig{Source: bSays, AutoAnswer: true, SIPTrace: true})
	c = ccPeer(t, k, "1002", testpeer.BaresipConfig{Source: cSays, AutoAnswer: cAuto, SIPTrace: true})
	return b, c, bSays, cSays
}

// wantTalking proves B and C talk to each other: each one's recording of its call with the
// other holds the other's speech. It hangs up from B.
func wantTalking(t *testing.T, b, c *testpeer.Baresip, bSays, cSays string) {
	t.Helper()
	c.WaitReceived(t, 5*time.Second, 30*time.Second)
	b.WaitReceived(t, 5*time.Second, 30*time.Second)
	if err := b.Hangup(); err != nil {
		t.Fatal(err)
	}
	c.WaitEvent(t, "CALL_CLOSED", callTimeout)
	bHeard, _ := b.Recordings()
	cHeard, _ := c.Recordings()
	wantSpeech(t, "C heard B", load(t, "B says", bSays), load(t, "C heard", cHeard), 0.5)
	wantSpeech(t, "B heard C", load(t, "C says", cSays), load(t, "B heard", bHeard), 0.5)
}

// TestIntegrationCallControlBlindTransfer: we call B and transfer it to C with REFER; our leg
// ends, B and C talk.
func TestIntegrationCallControlBlindTransfer(t *testing.T) {
	k, tp := ccSetup(t, kv("transfertype", "blind"))
	b, c, bSays, cSays := transferPeers(t, k, true)
	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 2*time.Second, 30*time.Second) // sndfile names files by the second

	tp.mustPost("transfer", `{"number":"1002","line":1}`)
	refer := b.WaitSIP(t, "REFER", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Status == 0 && m.Method == "REFER"
	})
	if rt := refer.Header("Refer-To"); !strings.Contains(rt, "1002") {
		t.Errorf("Refer-To %q does not name 1002", rt)
	}
	ev := c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	if !strings.Contains(ev.PeerURI, "1001") {
		t.Errorf("C talks to %q, want B (1001)", ev.PeerURI)
	}
	tp.waitState(1, control.StateFinished, callTimeout)
	if st := tp.status(); len(st.Lines) > 0 {
		for _, l := range st.Lines {
			if l.State != control.StateFinished {
				t.Errorf("line after transfer: %+v", l)
			}
		}
	}
	wantTalking(t, b, c, bSays, cSays)
}

// TestIntegrationCallControlAttendedTransfer: we call B, consult C on another line, then REFER
// B with Replaces for the consultation; both our legs end, B and C talk.
func TestIntegrationCallControlAttendedTransfer(t *testing.T) {
	k, tp := ccSetup(t, kv("transfertype", "attended"))
	b, c, bSays, cSays := transferPeers(t, k, false)
	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	b.WaitReceived(t, 2*time.Second, 30*time.Second) // sndfile names files by the second

	tp.mustPost("transfer", `{"number":"1002","line":1}`) // consult C on another line
	c.WaitEvent(t, "CALL_INCOMING", callTimeout)
	if err := c.Answer(); err != nil {
		t.Fatal(err)
	}
	consult := c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	consultInvite := c.WaitSIP(t, "consultation INVITE", callTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Status == 0 && m.Method == "INVITE" && strings.Contains(m.Header("From"), "1000")
	})
	consultID := consultInvite.Header("Call-ID")
	tp.pollLine(2, "consulting C", callTimeout, func(l control.Line) bool { return l.State == control.StateInCall })
	tp.mustPost("transfer", `{"number":"1002","line":1}`) // complete: REFER B with Replaces
	refer := b.WaitSIP(t, "REFER with Replaces", 30*time.Second, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Status == 0 && m.Method == "REFER"
	})
	rt := refer.Header("Refer-To")
	if !strings.Contains(rt, "1002") || !strings.Contains(rt, "Replaces=") || !strings.Contains(rt, strings.SplitN(consultID, "@", 2)[0]) {
		t.Errorf("Refer-To %q: want 1002 with Replaces naming the consultation call %s", rt, consultID)
	}
	c.WaitEvent(t, "CALL_INCOMING", callTimeout)
	// sndfile names recordings by the second: answer in a later second than the consultation.
	for time.Now().Unix() == consult.At.Unix() {
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.Answer(); err != nil {
		t.Fatal(err)
	}
	ev := c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	if !strings.Contains(ev.PeerURI, "1001") {
		t.Errorf("C's second call is with %q, want B (1001)", ev.PeerURI)
	}
	tp.waitState(1, control.StateFinished, callTimeout)
	tp.waitLineGone(2, callTimeout) // a finished line leaves the status
	wantTalking(t, b, c, bSays, cSays)
}

// TestIntegrationCallControlIncomingRefer: B transfers us to C. Honoured from the proxy with
// the default allowtransfer=1; refused with allowtransfer=0, our call with B untouched.
func TestIntegrationCallControlIncomingRefer(t *testing.T) {
	ours := talker(t, ourText, 90*time.Second)
	k, tp := ccSetup(t, kv("audioinput", "file:"+ours))
	b, c, _, _ := transferPeers(t, k, true)

	t.Run("refused", func(t *testing.T) {
		tp.t = t
		tp.mustPost("setparameter", `{"name":"allowtransfer","value":"0"}`)
		tp.mustPost("call", `{"number":"1001"}`)
		tp.waitState(1, control.StateInCall, callTimeout)
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		if err := b.Transfer("sip:1002@" + k.Addr); err != nil {
			t.Fatal(err)
		}
		res := b.WaitSIP(t, "final answer to REFER", callTimeout, func(m testpeer.SIPMessage) bool {
			return m.Received && m.Method == "REFER" && m.Status >= 200
		})
		if res.Status < 400 {
			t.Errorf("REFER answered %s with allowtransfer=0, want a refusal", res.StartLine)
		}
		// Our call with B must stay up, unless B itself hung up.
		inCall := false
		for _, l := range tp.status().Lines {
			inCall = inCall || (l.Peer == "1001" && l.State == control.StateInCall)
			if l.Peer != "1001" {
				t.Errorf("unexpected line after refused REFER: %+v", l)
			}
		}
		// baresip 1.0 ends its own call after a failed transfer with a BYE but reports
		// TRANSFER_FAILED rather than CALL_CLOSED: its SIP trace tells whether it hung up.
		bHungUp := false
		for _, m := range b.SIPMessages() {
			bHungUp = bHungUp || (!m.Received && m.Status == 0 && m.Method == "BYE")
		}
		if bEvents := strings.Join(b.Events(), ","); !inCall && !bHungUp && !strings.Contains(bEvents, "CALL_CLOSED") {
			t.Errorf("our call with 1001 ended after we refused its REFER, though 1001 did not hang up (its events: %s)", bEvents)
		}
		if bHungUp {
			t.Logf("1001 hung up by itself after its transfer was refused (baresip's behaviour)")
		}
		for _, ev := range tp.seen {
			if ev.Kind == control.KindLine && ev.Line.Peer == "1002" {
				t.Errorf("we called C although the transfer was refused: %s", ev.Notification)
			}
		}
		if evs := c.Events(); strings.Contains(strings.Join(evs, ","), "CALL_INCOMING") {
			t.Errorf("C was called although the transfer was refused: %v", evs)
		}
		if code, out := tp.post("hangup", `{"line":1}`); code != 200 {
			t.Logf("hangup after refused REFER: %d %s", code, out)
			_ = b.Hangup()
		}
		// The call is over once B reports CALL_CLOSED or a BYE crossed (baresip may end it
		// itself after the failed transfer without CALL_CLOSED).
		deadline := time.Now().Add(callTimeout)
		for {
			over := strings.Contains(strings.Join(b.Events(), ","), "CALL_CLOSED")
			for _, m := range b.SIPMessages() {
				over = over || (m.Status == 0 && m.Method == "BYE")
			}
			if over {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the call with 1001 did not end within %v (events %v)", callTimeout, b.Events())
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	t.Run("honoured", func(t *testing.T) {
		tp.t = t
		tp.mustPost("setparameter", `{"name":"allowtransfer","value":"1"}`)
		tp.mustPost("call", `{"number":"1001"}`)
		tp.waitLine(control.StateInCall, callTimeout)
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		if err := b.Transfer("sip:1002@" + k.Addr); err != nil {
			t.Fatal(err)
		}
		ev := c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		if !strings.Contains(ev.PeerURI, "1000") {
			t.Errorf("C talks to %q, want us (1000)", ev.PeerURI)
		}
		b.WaitSIP(t, "NOTIFY with sipfrag 200", callTimeout, func(m testpeer.SIPMessage) bool {
			return m.Received && m.Status == 0 && m.Method == "NOTIFY" && strings.Contains(m.Body, "SIP/2.0 200")
		})
		c.WaitReceived(t, 5*time.Second, 30*time.Second)
		if err := c.Hangup(); err != nil {
			t.Fatal(err)
		}
		c.WaitEvent(t, "CALL_CLOSED", callTimeout)
		cHeard, _ := c.Recordings()
		wantSpeech(t, "C heard us after the transfer", load(t, "ours", ours), load(t, "C", cHeard), 0.5)
	})
}
