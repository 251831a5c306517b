package phone_test

import (
	"slices"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// BenchmarkIntegrationBrowser measures the browser webphone far end: how long headless
// Chromium takes from start to the page with JsSIP loaded (median of 3 starts), and the
// call set-up from the phone (wss, icemode=always, dtlssrtp=2, Opus) to the auto-answering
// browser, from Call until the line is InCall and encrypted, so ICE and the DTLS handshake
// are done (median of 10 calls). Numbers only, no pass/fail on timings:
//
//	go test -run '^$' -bench BenchmarkIntegrationBrowser -benchtime 1x ./phone/
func BenchmarkIntegrationBrowser(b *testing.B) {
	const starts, calls = 3, 10
	n := testpeer.StartNet(b)
	ca := testpeer.NewCA(b, "Softphone Test CA")
	cert, key := ca.Issue(b, testpeer.Leaf{Names: []string{testpeer.PBXIP}})
	k := testpeer.StartKamailio(b, map[string]string{"1000": users["1000"], "2000": "secret2000"},
		testpeer.OnHost(n.PBX), testpeer.WithTLS(cert, key), testpeer.WithWebSocket())
	var startTimes []time.Duration
	var br *testpeer.Browser
	for range starts {
		br = testpeer.StartBrowser(b, testpeer.BrowserConfig{Host: n.Stranger})
		startTimes = append(startTimes, br.StartTime)
	}
	br.Register(b, "sip:2000@"+testpeer.PBXIP, "wss://"+k.WSSAddr, "secret2000")
	br.AutoAnswer(b, true)
	p, events := benchPhone(b, "serveraddress="+k.WSSAddr, "username=1000", "password="+users["1000"],
		"transport=wss", "tlscafile="+ca.CertFile, "icemode=always", "dtlssrtp=2", "codecs=OPUS,PCMU")
	waitEvent(b, events, "registered over wss", func(ev control.Event) bool {
		return ev.Kind == control.KindRegistration && ev.Registration.Status == control.RegRegistered
	})
	var took []time.Duration
	for range calls {
		start := time.Now()
		line, err := p.Call("2000")
		if err != nil {
			b.Fatal(err)
		}
		waitEvent(b, events, "InCall and encrypted", func(ev control.Event) bool {
			return ev.Kind == control.KindLine && ev.Line.Line == line && ev.Line.State == control.StateInCall && ev.Line.Encrypted
		})
		took = append(took, time.Since(start))
		if err := p.Hangup(line); err != nil {
			b.Fatal(err)
		}
		waitEvent(b, events, "Finished", func(ev control.Event) bool {
			return ev.Kind == control.KindLine && ev.Line.Line == line && ev.Line.State == control.StateFinished
		})
		br.WaitCall(b, "ended", callTimeout)
	}
	slices.Sort(startTimes)
	slices.Sort(took)
	startMedian, callMedian := startTimes[starts/2], (took[calls/2-1]+took[calls/2])/2
	b.Logf("browser start: median %v of %d (min %v, max %v)", startMedian, starts, startTimes[0], startTimes[starts-1])
	b.Logf("call set-up to the browser: median %v of %d calls (min %v, max %v)", callMedian, calls, took[0], took[calls-1])
	b.ReportMetric(float64(startMedian.Microseconds())/1000, "browser-start-ms")
	b.ReportMetric(float64(callMedian.Microseconds())/1000, "call-ms")
}
