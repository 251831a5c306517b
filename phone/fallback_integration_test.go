package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationEnableFallback: serveraddressfirst names a Kamailio that is down (stopped,
// so TCP connects are refused), serveraddress a second one that works. By default
// (enablefallback=true) the phone registers at the second; with enablefallback=false it
// reports the registration failed, naming the first and the one not tried, and the second
// never sees it.
func TestIntegrationEnableFallback(t *testing.T) {
	for _, fallback := range []string{"", "false"} {
		name := "enablefallback=" + fallback
		if fallback == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			n := testpeer.StartNet(t)
			k1 := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
			k2 := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX)) // another port
			k1.Kill(t)
			sets := kv("serveraddressfirst", k1.Addr, "serveraddress", k2.Addr, "transport", "tcp",
				"username", "1000", "password", "secret1000")
			if fallback != "" {
				sets["enablefallback"] = fallback
			}
			tp := startPhone(t, sets)
			if fallback == "" {
				tp.waitReg(control.RegRegistered, regTimeout)
				k2.WaitRegistered(t, "1000", regTimeout)
				return
			}
			reg := tp.waitReg(control.RegFailed, regTimeout)
			t.Logf("enablefallback=false: %s", reg.Reason)
			if !strings.Contains(reg.Reason, k1.Addr) || !strings.Contains(reg.Reason, "enablefallback=false: "+k2.Addr+" not tried") {
				t.Errorf("failure reason %q does not name the first server %s and the untried %s", reg.Reason, k1.Addr, k2.Addr)
			}
			if k2.Registered(t, "1000") {
				t.Fatal("registered at the second server with enablefallback=false")
			}
		})
	}
}
