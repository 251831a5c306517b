package phone_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// BenchmarkIntegrationCallSetupICE measures call set-up with ICE against the same without,
// in one run on the namespace topology: the phone as its own process behind PhoneRouter
// calls an auto-answering baresip (ice module, coturn as its STUN server) behind FarRouter.
// Without ICE (icemode=off) set-up is from the call request until the line is InCall; with
// ICE (icemode=always, stunserver: host and srflx candidates; the pair selected is srflx,
// the only one that crosses two NATs) it is until the phone announces the selected pair.
// It reports the median of 10 calls each and the ratio to udp. Host pairs need both ends on
// one LAN and relay pairs do not work yet (TestIntegrationTURNRelay), so neither is measured.
// Numbers only, no pass/fail on timings:
//
//	go test -run '^$' -bench BenchmarkIntegrationCallSetupICE -benchtime 1x ./phone/
func BenchmarkIntegrationCallSetupICE(b *testing.B) {
	const calls = 10
	bin := phoneproc.Build(b)
	n := testpeer.StartNet(b)
	k := testpeer.StartKamailio(b, users, testpeer.OnHost(n.PBX))
	turn := testpeer.StartCoturn(b, testpeer.CoturnConfig{Host: n.PBX})
	far := testpeer.StartBaresip(b, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		AutoAnswer: true, Host: n.Far, MediaNAT: "ice", STUNServer: "stun:" + turn.Addr})
	k.WaitRegistered(b, "1001", regTimeout)
	// loglevel=5: set-up with ICE ends when the phone's log announces the selected pair.
	p := phoneproc.Start(b, bin, n.PhoneLAN, "serveraddress="+k.Addr, "username=1000", "password=secret1000",
		"audioinput=null", "audiooutput=null", "stunserver="+turn.Addr, "loglevel=5")
	p.WaitStatus(b, "registered", regTimeout, func(s control.Status) bool { return s.Registered })
	connected := func() int { return strings.Count(p.Proc().LogTail(100000), "ICE connected: ") }
	medians := map[string]time.Duration{}
	modes := []struct{ name, icemode string }{{"udp", "off"}, {"srflx", "always"}}
	for _, m := range modes {
		p.MustPost(b, "setparameter", fmt.Sprintf(`{"name":"icemode","value":%q}`, m.icemode))
		var took []time.Duration
		for range calls {
			before := connected()
			start := time.Now()
			p.MustPost(b, "call", `{"number":"1001"}`)
			p.WaitStatus(b, "InCall", callTimeout, func(s control.Status) bool {
				return len(s.Lines) > 0 && s.Lines[0].State == control.StateInCall
			})
			if m.icemode != "off" {
				deadline := time.Now().Add(callTimeout)
				for connected() == before {
					if time.Now().After(deadline) {
						b.Fatalf("%s: no ICE pair selected within %v", m.name, callTimeout)
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			took = append(took, time.Since(start))
			far.WaitEvent(b, "CALL_ESTABLISHED", callTimeout)
			p.MustPost(b, "hangup", `{}`)
			far.WaitEvent(b, "CALL_CLOSED", callTimeout)
			p.WaitStatus(b, "idle", callTimeout, func(s control.Status) bool { return !anyInUse(s) })
		}
		slices.Sort(took)
		medians[m.name] = (took[calls/2-1] + took[calls/2]) / 2
		b.Logf("%s: median %v of %d calls (min %v, max %v)", m.name, medians[m.name], calls, took[0], took[calls-1])
	}
	for _, m := range modes {
		b.ReportMetric(float64(medians[m.name].Microseconds())/1000, m.name+"-ms")
		if m.name != "udp" {
			b.ReportMetric(float64(medians[m.name])/float64(medians["udp"]), m.name+"/udp")
		}
	}
}
