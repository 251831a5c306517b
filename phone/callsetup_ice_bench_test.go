package phone_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// BenchmarkIntegrationCallSetupICE measures call set-up with ICE against the same without,
// in one run on the namespace topology: a phone process behind PhoneRouter calls a second
// phone process behind FarRouter that answers by itself (icemode=offered: it answers ICE
// when offered), with coturn on the PBX host as STUN and TURN server. Modes: udp (no ICE:
// from the call request until the line is InCall), srflx (icemode=always with stunserver:
// until the caller announces the selected pair, server-reflexive across the two NATs) and
// relay (the same with turnserver and the direct paths blocked: the pair goes through
// coturn). State and pair come from the caller's status (icepair), polled every 50 ms in
// every mode. Host pairs need both ends on one LAN, which this topology has not. It reports
// the median of 10 calls each and the ratio to udp. Numbers only, no pass/fail on timings:
//
//	go test -run '^$' -bench BenchmarkIntegrationCallSetupICE -benchtime 1x ./phone/
func BenchmarkIntegrationCallSetupICE(b *testing.B) {
	const calls = 10
	bin := phoneproc.Build(b)
	n := testpeer.StartNet(b)
	k := testpeer.StartKamailio(b, users, testpeer.OnHost(n.PBX))
	turn := testpeer.StartCoturn(b, testpeer.CoturnConfig{Host: n.PBX, Users: map[string]string{turnUser: turnPass}})
	internetRoute(b, n)
	start := func(h *testpeer.Host, user string, extra ...string) *phoneproc.Phone {
		sets := append([]string{"serveraddress=" + k.Addr, "username=" + user, "password=secret" + user,
			"audioinput=null", "audiooutput=null", "stunserver=" + turn.Addr, "turnusername=" + turnUser,
			"turnpassword=" + turnPass}, extra...)
		p := phoneproc.Start(b, bin, h, sets...)
		p.WaitStatus(b, user+" registered", regTimeout, func(s control.Status) bool { return s.Registered })
		return p
	}
	a := start(n.PhoneLAN, "1000")
	far := start(n.Far, "1001", "autoanswer=1", "icemode=offered", "turnserver="+turn.Addr)
	inCall := func(s control.Status) bool { return len(s.Lines) > 0 && s.Lines[0].State == control.StateInCall }
	idle := func(s control.Status) bool { return !anyInUse(s) }
	medians := map[string]time.Duration{}
	modes := []struct{ name, icemode, turnserver string }{{"udp", "off", ""}, {"srflx", "always", ""}, {"relay", "always", turn.Addr}}
	for _, m := range modes {
		a.MustPost(b, "setparameter", fmt.Sprintf(`{"name":"icemode","value":%q}`, m.icemode))
		a.MustPost(b, "setparameter", fmt.Sprintf(`{"name":"turnserver","value":%q}`, m.turnserver))
		if m.name == "relay" {
			blockDirect(b, n)
		}
		var took []time.Duration
		pair := ""
		for range calls {
			t0 := time.Now()
			a.MustPost(b, "call", `{"number":"1001"}`)
			st := a.WaitStatus(b, "InCall", callTimeout, inCall)
			if m.icemode != "off" {
				st = a.WaitStatus(b, "a selected ICE pair", callTimeout, func(s control.Status) bool {
					return inCall(s) && s.Lines[0].ICEPair != ""
				})
			}
			took = append(took, time.Since(t0))
			pair = st.Lines[0].ICEPair
			a.MustPost(b, "hangup", `{}`)
			a.WaitStatus(b, "idle", callTimeout, idle)
			far.WaitStatus(b, "the far phone idle", callTimeout, idle)
		}
		if pair != "" {
			b.Logf("%s: pair %s", m.name, pair)
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
