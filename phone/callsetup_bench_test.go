package phone_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/control"
	"softphone/phone/params"
)

// BenchmarkIntegrationCallSetup measures call set-up time per SIP transport on the namespace
// topology: the phone (registered over udp, tcp, tls, ws or wss to Kamailio on the PBX host,
// with its websocket module for ws and wss) calls an auto-answering baresip behind NAT
// registered over UDP; set-up is from Call until the line is InCall (INVITE, 407 and its
// retry, 100, 180, 200; over tcp, tls, ws and wss on the registrar connection the phone
// already holds). It reports the median of 10 calls per transport
// and its ratio to udp, measured in the same run. Numbers only, no pass/fail on timings:
//
//	go test -run '^$' -bench BenchmarkIntegrationCallSetup -benchtime 1x ./phone/
func BenchmarkIntegrationCallSetup(b *testing.B) {
	const calls = 10
	n := testpeer.StartNet(b)
	ca := testpeer.NewCA(b, "Softphone Test CA")
	cert, key := ca.Issue(b, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(b, users, testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	far := testpeer.StartBaresip(b, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
		AutoAnswer: true, Host: n.Far})
	k.WaitRegistered(b, "1001", regTimeout)
	medians := map[string]time.Duration{}
	servers := map[string]string{"udp": k.Addr, "tcp": k.Addr, "tls": k.TLSAddr, "ws": k.WSAddr, "wss": k.WSSAddr}
	transports := []string{"udp", "tcp", "tls", "ws", "wss"}
	for _, transport := range transports {
		server := servers[transport]
		p, events := benchPhone(b, "serveraddress="+server, "username=1000", "password=secret1000",
			"transport="+transport, "tlscafile="+ca.CertFile)
		waitEvent(b, events, "registered over "+transport, func(ev control.Event) bool {
			return ev.Kind == control.KindRegistration && ev.Registration.Status == control.RegRegistered
		})
		var took []time.Duration
		for range calls {
			start := time.Now()
			line, err := p.Call("1001")
			if err != nil {
				b.Fatal(err)
			}
			waitEvent(b, events, "InCall over "+transport, func(ev control.Event) bool {
				return ev.Kind == control.KindLine && ev.Line.Line == line && ev.Line.State == control.StateInCall
			})
			took = append(took, time.Since(start))
			far.WaitEvent(b, "CALL_ESTABLISHED", callTimeout)
			if err := p.Hangup(line); err != nil {
				b.Fatal(err)
			}
			waitEvent(b, events, "Finished over "+transport, func(ev control.Event) bool {
				return ev.Kind == control.KindLine && ev.Line.Line == line && ev.Line.State == control.StateFinished
			})
			far.WaitEvent(b, "CALL_CLOSED", callTimeout)
		}
		p.Close()
		slices.Sort(took)
		medians[transport] = (took[calls/2-1] + took[calls/2]) / 2
		b.Logf("%s: median %v of %d calls (min %v, max %v)", transport, medians[transport], calls, took[0], took[calls-1])
	}
	for _, transport := range transports {
		b.ReportMetric(float64(medians[transport].Microseconds())/1000, transport+"-ms")
		if transport != "udp" {
			b.ReportMetric(float64(medians[transport])/float64(medians["udp"]), transport+"/udp")
		}
	}
}

// benchPhone starts a phone with the given parameters (as a user would set them, plus no
// audio devices) for a benchmark.
func benchPhone(b *testing.B, sets ...string) (*phone.Phone, <-chan control.Event) {
	b.Helper()
	sets = append(sets, "audioinput=null", "audiooutput=null", "database="+filepath.Join(b.TempDir(), "phone.db"))
	ps, err := params.Load(params.Sources{Sets: sets})
	if err != nil {
		b.Fatal(err)
	}
	p := phone.New(ps)
	events, cancel := p.Subscribe()
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		p.Close()
		cancel()
	})
	return p, events
}

// waitEvent waits for the first event matching ok.
func waitEvent(b *testing.B, events <-chan control.Event, what string, ok func(control.Event) bool) {
	b.Helper()
	deadline := time.After(callTimeout)
	for {
		select {
		case ev := <-events:
			if ok(ev) {
				return
			}
		case <-deadline:
			b.Fatalf("no %s within %v", what, callTimeout)
		}
	}
}
