package phone_test

import (
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// The tests in this file run on the namespace topology of internal/testpeer (StartNet): the
// phone is the test process on the public side, Kamailio runs on the PBX host, and the far
// end is a baresip on a private LAN behind a masquerading NAT router. baresip runs in its
// default configuration, so its SDP names its private address (192.168.1.10) while its RTP
// arrives from the router's public one: the everyday NAT case. The phone is started with
// only what a user sets (server, user, password, transport) plus the test's audio files.

// netCall sets up the topology with the phone registered over transport and a baresip on
// the far LAN speaking theirs (answering calls itself when autoAnswer is set).
func netCall(t *testing.T, transport string, autoAnswer bool) (*testpeer.Kamailio, *testPhone, *testpeer.Baresip, string, string) {
	t.Helper()
	ours, theirs := speechPair(t)
	n := testpeer.StartNet(t)
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		Source: theirs, AutoAnswer: autoAnswer, Host: n.Far})
	k.WaitRegistered(t, "1001", regTimeout)
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"transport", transport, "audioinput", "file:"+ours))
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	return k, tp, b, ours, theirs
}

// TestIntegrationNetCallToNATedPeer: over udp and tcp, the phone calls a baresip behind a
// NAT router through Kamailio on another host, and both sides hear each other.
func TestIntegrationNetCallToNATedPeer(t *testing.T) {
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			_, tp, b, ours, theirs := netCall(t, transport, true)
			tp.mustPost("call", `{"number":"1001"}`)
			l := tp.waitLine(control.StateInCall, callTimeout)
			if l.Peer != "1001" || l.Codec == "" {
				t.Fatalf("line %+v", l)
			}
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			b.WaitReceived(t, 6*time.Second, 30*time.Second)
			tp.mustPost("hangup", `{}`)
			tp.waitLine(control.StateFinished, callTimeout)
			checkBothWays(t, tp, b, ours, theirs, " (far end behind NAT, "+transport+")")
		})
	}
}

// TestIntegrationNetCallFromNATedPeer: over udp and tcp, a baresip behind a NAT router
// calls the phone through Kamailio on another host; the phone rings, answers, and both
// sides hear each other.
func TestIntegrationNetCallFromNATedPeer(t *testing.T) {
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			k, tp, b, ours, theirs := netCall(t, transport, false)
			callFromBaresip(t, tp, b, "sip:1000@"+k.Addr)
			checkBothWays(t, tp, b, ours, theirs, " (far end behind NAT, "+transport+")")
		})
	}
}
