package phone

import (
	"errors"
	"slices"
	"testing"

	"softphone/phone/control"
)

// allStates is every line state a call may be in ("" before it is on a line).
var allStates = []string{"", control.StateSetup, control.StateRinging, control.StateInCall,
	control.StateHold, control.StateFinishing, control.StateFinished}

// TestCallTransitions walks every pair of states: the table's transitions change the state
// and ask for the history row, audio, one publication and REFER progress; every other one is
// refused with ErrWrongState and changes nothing; a change to the same state does nothing.
func TestCallTransitions(t *testing.T) {
	allowed := map[[2]string]bool{}
	for _, p := range [][2]string{
		{"", control.StateSetup}, {"", control.StateRinging},
		{control.StateSetup, control.StateRinging}, {control.StateSetup, control.StateInCall},
		{control.StateSetup, control.StateFinishing}, {control.StateSetup, control.StateFinished},
		{control.StateRinging, control.StateInCall}, {control.StateRinging, control.StateFinishing},
		{control.StateRinging, control.StateFinished},
		{control.StateInCall, control.StateHold}, {control.StateInCall, control.StateFinishing},
		{control.StateInCall, control.StateFinished},
		{control.StateHold, control.StateInCall}, {control.StateHold, control.StateFinishing},
		{control.StateHold, control.StateFinished},
		{control.StateFinishing, control.StateInCall}, {control.StateFinishing, control.StateFinished},
	} {
		allowed[p] = true
	}
	for _, from := range allStates {
		for _, to := range allStates[1:] {
			c := &call{line: 1, state: from}
			effs, err := c.to(to)
			switch {
			case from == to:
				if err != nil || effs != nil || c.state != from {
					t.Errorf("%q -> itself: %v, %v, state %q; want nothing", from, effs, err, c.state)
				}
			case allowed[[2]string{from, to}]:
				if err != nil || c.state != to {
					t.Errorf("%q -> %q refused (%v), state %q", from, to, err, c.state)
				}
				if got := kinds(effs); !slices.Equal(got, []effectKind{effHistory, effSyncAudio, effPublish, effReferProgress}) {
					t.Errorf("%q -> %q effects %v", from, to, got)
				}
			default:
				if !errors.Is(err, ErrWrongState) || effs != nil || c.state != from {
					t.Errorf("%q -> %q: %v, %v, state %q; want refused and unchanged", from, to, effs, err, c.state)
				}
			}
		}
	}
}

// Connecting stamps the connect time once, joins a conference asked for, and ends the call
// this one replaces; holding does none of that.
func TestCallTransitionToInCall(t *testing.T) {
	old := &call{line: 1, state: control.StateInCall}
	c := &call{line: 2, state: control.StateRinging, joinConf: true, replaces: old}
	effs, err := c.to(control.StateInCall)
	if err != nil {
		t.Fatal(err)
	}
	if c.connected.IsZero() || !c.conference || c.joinConf || c.replaces != nil {
		t.Errorf("connected %v conference %v joinConf %v replaces %v", c.connected, c.conference, c.joinConf, c.replaces)
	}
	if last := effs[len(effs)-1]; last.kind != effEndReplaced || last.call != old {
		t.Errorf("last effect %+v, want ending line 1", last)
	}
	first := c.connected
	if _, err := c.to(control.StateHold); err != nil {
		t.Fatal(err)
	}
	effs, _ = c.to(control.StateInCall)
	if c.connected != first || slices.Contains(kinds(effs), effEndReplaced) {
		t.Errorf("resume: connected moved (%v -> %v) or effects %v", first, c.connected, kinds(effs))
	}
}

func TestCallEnding(t *testing.T) {
	for _, s := range allStates {
		want := s == control.StateFinishing || s == control.StateFinished
		if got := (&call{state: s}).ending(); got != want {
			t.Errorf("ending() in %q = %v", s, got)
		}
	}
}

func kinds(effs []effect) []effectKind {
	var ks []effectKind
	for _, e := range effs {
		ks = append(ks, e.kind)
	}
	return ks
}
