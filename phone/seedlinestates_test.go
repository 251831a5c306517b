package phone

import (
	"slices"
	"testing"

	"softphone/phone/control"
)

// TestSeedMutedMidcall: muting a connected call gives STATUS,n,Muted once after its line
// event, joining a conference STATUS,n,Midcall once; unmuting and muting again gives a new
// Muted; a muted call that is still ringing gives none.
func TestSeedMutedMidcall(t *testing.T) {
	line := func(state string, mute, conf bool) control.Event {
		l := control.Line{Line: 2, State: state, Direction: control.DirectionOutgoing, Peer: "2222", Local: "1111",
			CallID: "c", Mute: mute, Conference: conf}
		return control.Event{Kind: control.KindLine, Line: &l, Notification: l.StatusLine()}
	}
	events := []control.Event{
		line(control.StateRinging, true, false),
		line(control.StateInCall, false, false),
		line(control.StateInCall, true, false),
		line(control.StateInCall, true, false),
		line(control.StateInCall, false, false),
		line(control.StateInCall, true, true),
		line(control.StateFinished, false, false),
	}
	var s seedCalls
	var got []string
	for _, ev := range events {
		_, after := s.derive(ev)
		for _, e := range after {
			if e.Line != nil {
				got = append(got, e.Notification)
			}
		}
	}
	want := []string{"STATUS,2,Muted,2222,1111,1,,c", "STATUS,2,Muted,2222,1111,1,,c", "STATUS,2,Midcall,2222,1111,1,,c"}
	if !slices.Equal(got, want) {
		t.Fatalf("per-line statuses:\n%q\nwant\n%q", got, want)
	}
}
