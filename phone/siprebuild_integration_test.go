package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationTransportChangeRebuildsSIP changes transport at run time (setparameter, as the
// Settings tab does): with no call the SIP stack is rebuilt at once and the phone registers
// over TCP, its UDP binding removed, no restart; with a call in progress the change waits, the
// user is told, and the stack is rebuilt (back to UDP) when the call ends.
func TestIntegrationTransportChangeRebuildsSIP(t *testing.T) {
	k := testpeer.StartKamailio(t, users) // on 127.0.0.1: no topology needed for this test
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000"))
	tp.waitReg(control.RegRegistered, regTimeout)
	waitBindings(t, k, "udp")

	// No call: rebuilt at once.
	tp.mustPost("setparameter", `{"name":"transport","value":"tcp"}`)
	tp.next("stack restarted over tcp", regTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindInfo && strings.HasPrefix(ev.Message, "SIP stack restarted: tcp")
	})
	tp.waitReg(control.RegRegistered, regTimeout)
	waitBindings(t, k, "tcp")
	reachable(t, k, "1000", 10*time.Second)

	// A call in progress: the change waits for it to end.
	tp.mustPost("call", `{"number":"echo"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	tp.mustPost("setparameter", `{"name":"transport","value":"udp"}`)
	tp.next("notice that the change waits", 5*time.Second, func(ev control.Event) bool {
		if ev.Kind == control.KindInfo && strings.HasPrefix(ev.Message, "SIP stack restarted") {
			t.Fatalf("the stack was rebuilt during the call: %s", ev.Message)
		}
		return ev.Kind == control.KindInfo && ev.Message == "Transport change applies when the call ends"
	})
	// The owner decided before it published the notice: the stack in use is still TCP.
	if st := tp.p.Status(); !st.Registered {
		t.Errorf("registration during the call: %+v", st)
	}
	waitBindings(t, k, "tcp")
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	tp.next("stack restarted over udp after the call", regTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindInfo && strings.HasPrefix(ev.Message, "SIP stack restarted: udp")
	})
	tp.waitReg(control.RegRegistered, regTimeout)
	waitBindings(t, k, "udp")
	reachable(t, k, "1000", 10*time.Second)
}

// waitBindings waits until user 1000's only binding at k is over transport (a Contact with
// transport=tcp, or without a transport parameter for udp).
func waitBindings(t *testing.T, k *testpeer.Kamailio, transport string) {
	t.Helper()
	deadline := time.Now().Add(regTimeout)
	var bs []testpeer.Binding
	for time.Now().Before(deadline) {
		bs = k.Location(t, "1000")
		if len(bs) == 1 && strings.Contains(bs[0].Contact, "transport=tcp") == (transport == "tcp") {
			return
		}
		time.Sleep(50 * time.Millisecond) // polling kamailio's location table
	}
	t.Fatalf("bindings of 1000 %+v, want one over %s", bs, transport)
}
