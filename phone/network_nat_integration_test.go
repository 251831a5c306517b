package phone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationNetPhoneBehindNAT runs the phone as its own process on a LAN behind a
// masquerading NAT router (testpeer.StartNet's PhoneLAN), with only server, user and
// password (and the transport) set. Over udp and tcp it must register to Kamailio on the
// PBX host, register the public address the router gives it (the Contact Kamailio keeps
// names the router, learned from received/rport), and be reachable: a baresip calls it
// through Kamailio, it rings, answers and the call connects; and it calls out. The far
// ends sit behind a NAT of their own, so this proves signalling only (media between two
// NATs needs STUN/ICE, another issue's).
func TestIntegrationNetPhoneBehindNAT(t *testing.T) {
	bin := phoneproc.Build(t)
	for _, transport := range []string{"udp", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
			caller := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001",
				Registrar: k.Addr, Host: n.Far})
			callee := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1002", Password: "secret1002",
				Registrar: k.Addr, Host: n.Far, AutoAnswer: true})
			p := phoneproc.Start(t, bin, n.PhoneLAN, "serveraddress="+k.Addr, "username=1000",
				"password=secret1000", "transport="+transport, "audioinput=null", "audiooutput=null")
			p.WaitStatus(t, "registered", regTimeout, func(s control.Status) bool { return s.Registered })

			public := testpeer.PhoneRouterIP + ":"
			deadline := time.Now().Add(regTimeout)
			for {
				bs := k.Location(t, "1000")
				if len(bs) == 1 && strings.Contains(bs[0].Contact, public) {
					t.Logf("binding at kamailio: %+v", bs[0])
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("kamailio's bindings for 1000 %+v: want one, whose Contact names the router %s", bs, testpeer.PhoneRouterIP)
				}
				time.Sleep(100 * time.Millisecond)
			}

			if err := caller.Dial("sip:1000@" + k.Addr); err != nil {
				t.Fatal(err)
			}
			st := p.WaitStatus(t, "a ringing line", callTimeout, func(s control.Status) bool {
				return len(s.Lines) == 1 && s.Lines[0].State == control.StateRinging
			})
			p.MustPost(t, "accept", fmt.Sprintf(`{"line":%d}`, st.Lines[0].Line))
			caller.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			p.WaitStatus(t, "the call connected", callTimeout, func(s control.Status) bool {
				return len(s.Lines) == 1 && s.Lines[0].State == control.StateInCall
			})
			if err := caller.Hangup(); err != nil {
				t.Fatal(err)
			}
			p.WaitStatus(t, "the call ended", callTimeout, func(s control.Status) bool { return !anyInUse(s) })

			p.MustPost(t, "call", `{"number":"1002"}`)
			callee.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			p.WaitStatus(t, "the outgoing call connected", callTimeout, func(s control.Status) bool {
				return len(s.Lines) > 0 && s.Lines[0].State == control.StateInCall
			})
			p.MustPost(t, "hangup", `{}`)
			callee.WaitEvent(t, "CALL_CLOSED", callTimeout)
		})
	}
}

// anyInUse reports whether a line is anything but finished.
func anyInUse(s control.Status) bool {
	for _, l := range s.Lines {
		if l.State != control.StateFinished && l.State != control.StateIdle && l.State != "" {
			return true
		}
	}
	return false
}
