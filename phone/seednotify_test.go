package phone

import (
	"slices"
	"testing"

	"softphone/phone/control"
)

// The line events of an outgoing call that is answered and hung up, and of an incoming call
// that is missed, give the seed's one-time events before the line status and the general
// status after it, each once.
func TestSeedCallNotifications(t *testing.T) {
	line := func(n int, state string, dir int, id string, secs int) control.Event {
		l := control.Line{Line: n, State: state, Direction: dir, Peer: "2222", Local: "1111", CallID: id, Duration: secs}
		return control.Event{Kind: control.KindLine, Line: &l, Notification: l.StatusLine()}
	}
	out, in := control.DirectionOutgoing, control.DirectionIncoming
	events := []control.Event{
		{Kind: control.KindStart, Notification: "START,sip"},
		line(1, control.StateSetup, out, "a", 0),
		line(1, control.StateRinging, out, "a", 0),
		line(1, control.StateInCall, out, "a", 0),
		line(1, control.StateInCall, out, "a", 3), // e.g. mute: no new general status
		line(1, control.StateHold, out, "a", 5),
		line(1, control.StateFinishing, out, "a", 7),
		line(1, control.StateFinished, out, "a", 7),
		line(1, control.StateRinging, in, "b", 0),
		line(1, control.StateFinished, in, "b", 0),
	}
	want := []string{
		"START,sip",
		"STATUS,1,CallSetup,2222,1111,1,,a", "STATUS,1,Setup,2222,1111,1,,a", "STATUS,-1,Calling...",
		"STATUS,1,Ringing,2222,1111,1,,a", "STATUS,-1,Ringing...",
		"STATUS,1,CallConnect,2222,1111,1,,a", "STATUS,1,InCall,2222,1111,1,,a", "STATUS,-1,In Call (0 sec)",
		"STATUS,1,InCall,2222,1111,1,,a",
		"STATUS,1,Hold,2222,1111,1,,a",
		"STATUS,1,CallDisconnect,2222,1111,1,,a", "STATUS,1,Finishing,2222,1111,1,,a",
		"STATUS,1,Finished,2222,1111,1,,a", "STATUS,-1,Call Finished",
		"STATUS,1,CallSetup,2222,1111,2,,b", "STATUS,1,Ringing,2222,1111,2,,b", "STATUS,-1,Incoming...",
		"STATUS,1,CallDisconnect,2222,1111,2,,b", "STATUS,1,Finished,2222,1111,2,,b", "STATUS,-1,Call Finished",
	}
	var s seedCalls
	var got []string
	for _, ev := range events {
		before, after := s.derive(ev)
		for _, e := range append(append(before, ev), after...) {
			got = append(got, e.Notification)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("notifications:\n%q\nwant\n%q", got, want)
	}
	if len(s.once) != 0 || len(s.active) != 0 {
		t.Fatalf("finished calls remembered: %v %v", s.once, s.active)
	}
}
