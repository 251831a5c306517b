package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCallControlConference joins B and C in our mixer: each hears the other and us
// (mix-minus: not itself); when C leaves, B and we keep talking. autohold=0, so setting up
// the conference must not hold B (baresip 1.0 stops recording what it hears after a hold).
func TestIntegrationCallControlConference(t *testing.T) {
	ours := talker(t, ourText, 120*time.Second)
	k, tp := ccSetup(t, kv("audioinput", "file:"+ours, "autohold", "0"))
	bSays, cSays := talker(t, bText, 120*time.Second), talker(t, cText, 120*time.Second)
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{Source: bSays, AutoAnswer: true, SIPTrace: true})
	c := ccPeer(t, k, "1002", testpeer.BaresipConfig{Source: cSays, AutoAnswer: true, SIPTrace: true})

	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	tp.mustPost("conference", `{"number":"1002"}`)
	c.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	tp.pollLine(1, "in the conference", callTimeout, func(l control.Line) bool { return l.Conference && l.State == control.StateInCall })
	var cLine int
	for _, l := range tp.status().Lines {
		if l.Peer == "1002" {
			cLine = l.Line
		}
	}
	if cLine == 0 {
		t.Fatalf("no line with 1002 in %+v", tp.status())
	}
	tp.pollLine(cLine, "in the conference", callTimeout, func(l control.Line) bool { return l.Conference && l.State == control.StateInCall })

	cStart := c.RecordedSeconds("dec")
	bAtC := b.RecordedSeconds("dec")
	waitGrow(t, "C's recording in the conference", cStart+12, 60*time.Second, func() float64 { return c.RecordedSeconds("dec") })
	for _, m := range b.SIPMessages() {
		if m.Received && m.Method == "INVITE" && m.Status == 0 && (containsAny(m.Body, "a=sendonly", "a=inactive")) {
			t.Fatalf("B was put on hold while the conference was set up (autohold=0): %s", m)
		}
	}
	if err := c.Hangup(); err != nil {
		t.Fatal(err)
	}
	tp.waitState(cLine, control.StateFinished, callTimeout)
	bLeft := b.RecordedSeconds("dec")
	waitGrow(t, "B's recording after C left", bLeft+10, 60*time.Second, func() float64 { return b.RecordedSeconds("dec") })
	if l := tp.statusLine(1); l.State != control.StateInCall {
		t.Errorf("line 1 after C left: %+v", l)
	}
	tp.mustPost("hangup", `{"line":1}`)
	tp.waitState(1, control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)

	ourSpeech, bSpeech, cSpeech := load(t, "ours", ours), load(t, "B says", bSays), load(t, "C says", cSays)
	bHeardPath, _ := b.Recordings()
	cHeardPath, _ := c.Recordings()
	bHeard, cHeard := load(t, "B heard", bHeardPath), load(t, "C heard", cHeardPath)
	inConf := cut(bHeard, bAtC+1, bLeft-0.5)
	wantSpeech(t, "B heard C in the conference", cSpeech, inConf, 0.4)
	wantSpeech(t, "B heard us in the conference", ourSpeech, inConf, 0.4)
	wantNoSpeech(t, "B did not hear itself", bSpeech, inConf)
	wantSpeech(t, "C heard B in the conference", bSpeech, cut(cHeard, 1, 0), 0.4)
	wantSpeech(t, "C heard us in the conference", ourSpeech, cut(cHeard, 1, 0), 0.4)
	wantNoSpeech(t, "C did not hear itself", cSpeech, cut(cHeard, 1, 0))
	after := cut(bHeard, bLeft+1, 0)
	wantSpeech(t, "B still hears us after C left", ourSpeech, after, 0.5)
	wantNoSpeech(t, "B no longer hears C", cSpeech, after)
}

// containsAny reports whether s holds one of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
