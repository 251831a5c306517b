package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationHealth: registered to Kamailio, a subscriber receives the health event with
// the registration and a measured round trip (the OPTIONS probe Kamailio answered).
func TestIntegrationHealth(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", users["1000"]))
	tp.waitReg(control.RegRegistered, regTimeout)
	ev := tp.next("health registered", 15*time.Second, func(ev control.Event) bool {
		return ev.Kind == control.KindHealth && ev.Health.Registered && ev.Health.RTTMS > 0
	})
	h := *ev.Health
	if h.Internet == control.NetDown || h.Internet == control.NetNone || h.Computer == "" {
		t.Errorf("health %+v", h)
	}
	if !strings.HasPrefix(ev.Notification, "STATS,internet: "+h.Internet+" registered: yes rtt: ") {
		t.Errorf("line %q", ev.Notification)
	}
	t.Logf("%s", ev.Notification)
}
