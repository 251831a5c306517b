package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCallControlDivert: call forwarding answers 302 with a Contact the caller can
// dial to reach the target; DND answers 486 or 480; autoanswer=1 answers without accept.
func TestIntegrationCallControlDivert(t *testing.T) {
	k, tp := ccSetup(t, nil)
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{SIPTrace: true})
	c := ccPeer(t, k, "1002", testpeer.BaresipConfig{AutoAnswer: true})
	us := "sip:1000@" + k.Addr
	finalTo := func(t *testing.T, after int) testpeer.SIPMessage {
		t.Helper()
		return b.WaitSIPFrom(t, "final answer to the INVITE", after, callTimeout, func(m testpeer.SIPMessage) bool {
			return m.Received && m.Method == "INVITE" && m.Status >= 300 && m.Status != 401 && m.Status != 407
		})
	}

	t.Run("forward always", func(t *testing.T) {
		tp.t = t
		tp.mustPost("setparameter", `{"name":"callforward","value":"1002"}`)
		defer tp.post("setparameter", `{"name":"callforward","value":""}`)
		tp.mustPost("setparameter", `{"name":"callforwardmode","value":"always"}`)
		n := len(b.SIPMessages())
		if err := b.Dial(us); err != nil {
			t.Fatal(err)
		}
		res := finalTo(t, n)
		if res.Status != 302 {
			t.Fatalf("caller saw %s, want 302", res.StartLine)
		}
		contact := res.Header("Contact")
		if !strings.Contains(contact, "1002") {
			t.Fatalf("302 Contact %q does not name 1002", contact)
		}
		// libre (under baresip 1.0) follows the 302 by itself: the caller reaches the target.
		ev := c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		if !strings.Contains(ev.PeerURI, "1001") {
			t.Errorf("target talks to %q, want the caller 1001", ev.PeerURI)
		}
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		for _, l := range tp.status().Lines {
			if l.State == control.StateRinging || l.State == control.StateInCall {
				t.Errorf("a line rang although every call is forwarded: %+v", l)
			}
		}
		if err := b.Hangup(); err != nil {
			t.Fatal(err)
		}
		c.WaitEvent(t, "CALL_CLOSED", callTimeout)
		b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	})
	for _, code := range []string{"486", "480"} {
		t.Run("dnd "+code, func(t *testing.T) {
			tp.t = t
			tp.mustPost("setparameter", `{"name":"dnd","value":"1"}`)
			defer tp.post("setparameter", `{"name":"dnd","value":"0"}`)
			tp.mustPost("setparameter", `{"name":"dndcode","value":"`+code+`"}`)
			n := len(b.SIPMessages())
			if err := b.Dial(us); err != nil {
				t.Fatal(err)
			}
			res := finalTo(t, n)
			if got := res.StartLine; !strings.HasPrefix(got, "SIP/2.0 "+code) {
				t.Errorf("caller saw %q, want %s", got, code)
			}
			b.WaitEvent(t, "CALL_CLOSED", callTimeout)
			for _, l := range tp.status().Lines {
				if l.State == control.StateRinging || l.State == control.StateInCall {
					t.Errorf("a line rang although DND is on: %+v", l)
				}
			}
		})
	}
	t.Run("autoanswer", func(t *testing.T) {
		tp.t = t
		tp.mustPost("setparameter", `{"name":"autoanswer","value":"1"}`)
		defer tp.post("setparameter", `{"name":"autoanswer","value":"0"}`)
		if err := b.Dial(us); err != nil {
			t.Fatal(err)
		}
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		l := tp.waitLine(control.StateInCall, callTimeout)
		if l.Direction != control.DirectionIncoming || l.Peer != "1001" {
			t.Errorf("auto-answered line %+v", l)
		}
		tp.mustPost("hangup", `{}`)
		b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	})
}
