package phone_test

import (
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCallControlTwoLines holds two calls at once. B1 (1001) sends back what it
// hears, so its "enc" recording is a real-time record of what reached it; B2 (1002) talks.
// Switching to line 2 must hold line 1 (B1 sees a=sendonly and no RTP from us), switching
// back must resume it with audio both ways.
func TestIntegrationCallControlTwoLines(t *testing.T) {
	ours := talker(t, ourText, 120*time.Second)
	theirs := talker(t, bText, 120*time.Second)
	k, tp := ccSetup(t, kv("audioinput", "file:"+ours))
	b1 := ccPeer(t, k, "1001", testpeer.BaresipConfig{Loopback: true, AutoAnswer: true, SIPTrace: true})
	b2 := ccPeer(t, k, "1002", testpeer.BaresipConfig{Source: theirs, AutoAnswer: true, SIPTrace: true})

	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b1.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitGrow(t, "B1 loopback recording", 4, 30*time.Second, func() float64 { return b1.RecordedSeconds("enc") })

	out := tp.mustPost("call", `{"number":"1002"}`)
	if !strings.Contains(out, `"line":2`) {
		t.Fatalf("second call answered %s, want line 2", out)
	}
	tp.waitState(2, control.StateInCall, callTimeout)
	b2.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	tp.mustPost("setline", `{"line":2}`)
	if got := tp.mustPost("getline", `{}`); !strings.Contains(got, `"line":2`) {
		t.Errorf("getline = %s, want line 2", got)
	}
	l1 := tp.pollLine(1, "held", callTimeout, func(l control.Line) bool { return l.Hold })
	if l1.State != control.StateHold {
		t.Errorf("held line 1 state %q, want %q", l1.State, control.StateHold)
	}
	b1.WaitSIP(t, "re-INVITE with a=sendonly", callTimeout, isInvite("a=sendonly"))
	held := b1.WaitAudioDirection(t, "recvonly", callTimeout)
	if err := b1.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	holdFrom := b1.RecordedSeconds("enc")
	waitGrow(t, "B1 recording while held", holdFrom+3, 30*time.Second, func() float64 { return b1.RecordedSeconds("enc") })
	still, err := b1.AudioStats()
	if err != nil {
		t.Fatal(err)
	}
	if n := still.PacketsReceived - held.PacketsReceived; n > 5 {
		t.Errorf("B1 received %d RTP packets from us while held, want none", n)
	}
	b2.WaitReceived(t, 4*time.Second, 30*time.Second)
	if st := tp.status(); st.Line != 2 || len(st.Lines) != 2 {
		t.Errorf("status while line 1 is held: %+v", st)
	}
	if l := tp.statusLine(1); !l.Hold || l.State != control.StateHold {
		t.Errorf("status line 1 %+v, want held", l)
	}
	if l := tp.statusLine(2); l.Hold || l.State != control.StateInCall {
		t.Errorf("status line 2 %+v, want in call", l)
	}

	tp.mustPost("setline", `{"line":1}`)
	holdTo := b1.RecordedSeconds("enc")
	tp.pollLine(1, "resumed", callTimeout, func(l control.Line) bool { return !l.Hold && l.State == control.StateInCall })
	tp.pollLine(2, "held by autohold", callTimeout, func(l control.Line) bool { return l.Hold })
	b1.WaitAudioDirection(t, "sendrecv", callTimeout)
	if err := b1.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	resumedAt := b1.RecordedSeconds("enc")
	speakerAt := tp.speakerSeconds()
	waitGrow(t, "B1 recording after resume", resumedAt+9, 40*time.Second, func() float64 { return b1.RecordedSeconds("enc") })
	b2.WaitSIP(t, "re-INVITE with a=sendonly (autohold)", callTimeout, isInvite("a=sendonly"))

	tp.mustPost("hangup", `{"line":1}`)
	tp.waitState(1, control.StateFinished, callTimeout)
	tp.mustPost("hangup", `{"line":2}`)
	tp.waitState(2, control.StateFinished, callTimeout)
	b1.WaitEvent(t, "CALL_CLOSED", callTimeout)
	b2.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.p.Close()

	_, b1Heard := b1.Recordings()
	heard := load(t, "B1", b1Heard)
	sent := load(t, "our microphone", ours)
	wantSpeech(t, "B1 heard us before hold", sent, cut(heard, 0.5, holdFrom-0.5), 0.5)
	wantSilence(t, "B1 heard nothing while held", cut(heard, holdFrom+0.5, holdTo-0.2))
	wantSpeech(t, "B1 heard us after resume", sent, cut(heard, resumedAt+1, 0), 0.5)
	b2Heard, _ := b2.Recordings()
	wantSpeech(t, "B2 heard us on line 2", sent, load(t, "B2", b2Heard), 0.5)
	speaker := load(t, "our speaker", tp.out)
	wantSpeech(t, "we heard B1 (our voice sent back) after resume", sent, cut(speaker, speakerAt+2.5, 0), 0.5)
}

// TestIntegrationCallControlRemoteHold lets the far end hold us: the call survives, our status
// shows remotehold, we send nothing while held, and audio flows both ways after resume.
func TestIntegrationCallControlRemoteHold(t *testing.T) {
	ours := talker(t, ourText, 90*time.Second)
	k, tp := ccSetup(t, kv("audioinput", "file:"+ours))
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{Loopback: true, AutoAnswer: true, SIPTrace: true})

	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	waitGrow(t, "B recording", 3, 30*time.Second, func() float64 { return b.RecordedSeconds("enc") })

	from := b.RecordedSeconds("enc")
	if err := b.Hold(); err != nil {
		t.Fatal(err)
	}
	l := tp.pollLine(1, "remote hold", callTimeout, func(l control.Line) bool { return l.RemoteHold })
	if l.State == control.StateFinished || l.State == control.StateFinishing || l.Hold {
		t.Errorf("line while the far end holds us: %+v", l)
	}
	if sl := tp.statusLine(1); !sl.RemoteHold || sl.Hold {
		t.Errorf("status line %+v, want remotehold and not hold", sl)
	}
	held := b.WaitAudioDirection(t, "sendonly", callTimeout)
	// baresip records nothing while it holds: our speaker recording keeps the time.
	heldAt := tp.speakerSeconds()
	waitGrow(t, "our speaker recording while B holds us", heldAt+3, 30*time.Second, tp.speakerSeconds)
	still, err := b.AudioStats()
	if err != nil {
		t.Fatal(err)
	}
	if n := still.PacketsReceived - held.PacketsReceived; n > 5 {
		t.Errorf("we sent %d RTP packets towards a far end that holds us (sendonly), want none", n)
	}

	if err := b.Resume(); err != nil {
		t.Fatal(err)
	}
	tp.pollLine(1, "remote hold ended", callTimeout, func(l control.Line) bool { return !l.RemoteHold })
	b.WaitAudioDirection(t, "sendrecv", callTimeout)
	if err := b.RearmLoopback(); err != nil {
		t.Fatal(err)
	}
	resumedAt := b.RecordedSeconds("enc")
	speakerAt := tp.speakerSeconds()
	waitGrow(t, "B recording after resume", resumedAt+9, 40*time.Second, func() float64 { return b.RecordedSeconds("enc") })
	if sl := tp.statusLine(1); sl.RemoteHold || sl.State != control.StateInCall {
		t.Errorf("status line after resume %+v", sl)
	}
	tp.mustPost("hangup", `{}`)
	tp.waitState(1, control.StateFinished, callTimeout)
	b.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.p.Close()

	_, bHeard := b.Recordings()
	heard := load(t, "B", bHeard)
	sent := load(t, "our microphone", ours)
	wantSpeech(t, "B heard us before its hold", sent, cut(heard, 0.5, from-0.5), 0.5)
	wantSpeech(t, "B heard us after resume", sent, cut(heard, resumedAt+1, 0), 0.5)
	wantSpeech(t, "we heard B after resume", sent, cut(load(t, "our speaker", tp.out), speakerAt+2.5, 0), 0.5)
}
