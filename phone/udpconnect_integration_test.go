package phone_test

import (
	"net"
	"strconv"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationUDPConnect: the phone registers over UDP at Kamailio on the PBX host; a
// stranger's OPTIONS to the phone's SIP port is answered by default, and, with
// udpconnect=true, never reaches the phone (the system drops it: the socket is connected
// to the registrar), while the registrar's MESSAGE still does.
func TestIntegrationUDPConnect(t *testing.T) {
	for _, connect := range []string{"false", "true"} {
		t.Run("udpconnect="+connect, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
			port := testpeer.FreePort(t, "udp")
			// why: the stranger needs the phone's SIP port in advance.
			tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
				"localport", strconv.Itoa(port), "udpconnect", connect))
			tp.waitReg(control.RegRegistered, regTimeout)
			k.WaitRegistered(t, "1000", regTimeout)
			took := reachable(t, k, "1000", 10*time.Second)
			t.Logf("udpconnect=%s: the registrar's MESSAGE reached the phone in %v", connect, took.Round(time.Millisecond))

			// A bounded wait for an answer that, with udpconnect, must not come.
			code, err := n.Stranger.PingSIP(net.JoinHostPort(testpeer.PublicIP, strconv.Itoa(port)), 2*time.Second)
			t.Logf("udpconnect=%s: stranger's OPTIONS: code %d, error %v", connect, code, err)
			switch {
			case connect == "false" && err != nil:
				t.Fatalf("without udpconnect the stranger's OPTIONS got no answer: %v", err)
			case connect == "true" && err == nil:
				t.Fatalf("with udpconnect the stranger's OPTIONS was answered %d", code)
			}
			if st := tp.p.Status(); !st.Registered {
				t.Fatalf("not registered after the stranger's probe: %+v", st)
			}
		})
	}
}
