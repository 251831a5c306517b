package phone_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// viaLine is the top Via of a REGISTER the phone sent, as its SIP trace holds it.
var viaLine = regexp.MustCompile(`(?m)^REGISTER sip:[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?Via: ([^\r\n]*)`)

// TestIntegrationUseRport runs the phone as its own process behind the masquerading NAT
// router (StartNet's PhoneLAN), registering over UDP at Kamailio on the PBX host. The
// Contact Kamailio keeps names the router (the address Kamailio saw, from received/rport)
// with use_rport=1, the default, and the phone's own LAN address with 0 (the server does
// NAT) and 9 (private addresses only); with 9 the REGISTER's Via (the phone's SIP trace)
// carries no rport, with the others it does.
func TestIntegrationUseRport(t *testing.T) {
	bin := phoneproc.Build(t)
	for _, tc := range []struct {
		mode  string
		host  string // the Contact's host at Kamailio
		rport bool
	}{
		{"1", testpeer.PhoneRouterIP, true},
		{"0", testpeer.PhoneLANIP, true},
		{"9", testpeer.PhoneLANIP, false},
	} {
		t.Run("use_rport="+tc.mode, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
			trace := filepath.Join(t.TempDir(), "sip.trace")
			p := phoneproc.Start(t, bin, n.PhoneLAN, "serveraddress="+k.Addr, "username=1000",
				"password=secret1000", "use_rport="+tc.mode, "siptrace="+trace, "audioinput=null", "audiooutput=null")
			p.WaitStatus(t, "registered", regTimeout, func(s control.Status) bool { return s.Registered })
			deadline := time.Now().Add(regTimeout)
			for {
				bs := k.Location(t, "1000")
				if len(bs) == 1 && strings.Contains(bs[0].Contact, "@"+tc.host+":") {
					t.Logf("use_rport=%s: binding at kamailio %+v", tc.mode, bs[0])
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("use_rport=%s: kamailio's bindings %+v, want one whose Contact names %s", tc.mode, bs, tc.host)
				}
				time.Sleep(100 * time.Millisecond)
			}
			b, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			m := viaLine.FindSubmatch(b)
			if m == nil {
				t.Fatalf("no REGISTER with a Via in the trace:\n%s", b)
			}
			via := string(m[1])
			t.Logf("use_rport=%s: REGISTER Via: %s", tc.mode, via)
			if has := regexp.MustCompile(`;rport(;|=|$)`).MatchString(via); has != tc.rport {
				t.Errorf("use_rport=%s: Via %q has rport %v, want %v", tc.mode, via, has, tc.rport)
			}
		})
	}
}
