package phone_test

import (
	"net"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationAutoTransportDetect: Kamailio on the PBX host drops SIP over UDP (an
// iptables rule) and answers over TCP. A phone with the default transport (udp) and
// autotransportdetect=true gets no answer over UDP, says it tries tcp, and registers over
// TCP; without autotransportdetect it reports the failure and stays on UDP.
func TestIntegrationAutoTransportDetect(t *testing.T) {
	for _, detect := range []string{"true", "false"} {
		t.Run("autotransportdetect="+detect, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
			_, port, _ := net.SplitHostPort(k.Addr)
			n.PBX.Run(t, "iptables", "-w", "-A", "INPUT", "-p", "udp", "--dport", port, "-j", "DROP")
			tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
				"autotransportdetect", detect))
			reg := tp.waitReg(control.RegFailed, regTimeout)
			t.Logf("over udp: %s", reg.Reason)
			if detect == "false" {
				if st := tp.p.Status(); st.Registered {
					t.Fatalf("registered with UDP dropped and no detection: %+v", st)
				}
				return
			}
			tp.next("the move to tcp", regTimeout, func(ev control.Event) bool {
				return ev.Kind == control.KindInfo && strings.Contains(ev.Message, "No server answered over udp; trying tcp")
			})
			tp.waitReg(control.RegRegistered, regTimeout)
			k.WaitRegistered(t, "1000", regTimeout)
			bs := k.Location(t, "1000")
			t.Logf("binding at kamailio: %+v", bs)
			if len(bs) != 1 || !strings.Contains(strings.ToLower(bs[0].Contact), "transport=tcp") {
				t.Errorf("bindings %+v, want one over tcp", bs)
			}
		})
	}
}
