package presence

import (
	"errors"
	"fmt"
	"testing"
)

func TestBLFState(t *testing.T) {
	dl := func(state, dir string) Dialog { return Dialog{ID: state + dir, State: state, Direction: dir} }
	tests := []struct {
		name    string
		dialogs []Dialog
		want    string
	}{
		{"no dialogs", nil, BLFIdle},
		{"terminated only", []Dialog{dl(StateTerminated, Recipient)}, BLFIdle},
		{"early incoming", []Dialog{dl(StateEarly, Recipient)}, BLFRinging},
		{"early outgoing", []Dialog{dl(StateEarly, Initiator)}, BLFRinging},
		{"early no direction", []Dialog{dl(StateEarly, "")}, BLFRinging},
		{"proceeding incoming", []Dialog{dl(StateProceeding, Recipient)}, BLFRinging},
		{"trying incoming", []Dialog{dl(StateTrying, Recipient)}, BLFRinging},
		{"proceeding outgoing", []Dialog{dl(StateProceeding, Initiator)}, BLFBusy},
		{"trying outgoing", []Dialog{dl(StateTrying, Initiator)}, BLFBusy},
		{"trying no direction", []Dialog{dl(StateTrying, "")}, BLFBusy},
		{"confirmed", []Dialog{dl(StateConfirmed, Recipient)}, BLFBusy},
		{"confirmed plus call waiting rings", []Dialog{dl(StateConfirmed, Initiator), dl(StateEarly, Recipient)}, BLFRinging},
		{"confirmed plus terminated", []Dialog{dl(StateTerminated, Recipient), dl(StateConfirmed, Recipient)}, BLFBusy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (DialogInfo{Dialogs: tt.dialogs}).BLFState(); got != tt.want {
				t.Errorf("BLFState = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestApplySequence(t *testing.T) {
	early := Dialog{ID: "d1", State: StateEarly, Direction: Recipient}
	confirmed := Dialog{ID: "d1", State: StateConfirmed, Direction: Recipient}
	ended := Dialog{ID: "d1", State: StateTerminated, Direction: Recipient}
	other := Dialog{ID: "d2", State: StateConfirmed, Direction: Initiator}
	steps := []struct {
		name    string
		next    DialogInfo
		err     error
		blf     string
		dialogs int
		version uint64
	}{
		{"first full", DialogInfo{Entity: "sip:bob@h", Version: 3, State: "full", Dialogs: []Dialog{early}}, nil, BLFRinging, 1, 3},
		{"partial answer", DialogInfo{Version: 4, State: "partial", Dialogs: []Dialog{confirmed}}, nil, BLFBusy, 1, 4},
		{"stale repeat", DialogInfo{Version: 4, State: "partial", Dialogs: []Dialog{ended}}, ErrStaleVersion, BLFBusy, 1, 4},
		{"partial adds second", DialogInfo{Version: 5, State: "partial", Dialogs: []Dialog{other}}, nil, BLFBusy, 2, 5},
		{"partial ends first", DialogInfo{Version: 6, State: "partial", Dialogs: []Dialog{ended}}, nil, BLFBusy, 1, 6},
		{"gap", DialogInfo{Version: 9, State: "partial", Dialogs: []Dialog{early}}, ErrVersionGap, BLFBusy, 1, 6},
		{"full resync after gap", DialogInfo{Version: 9, State: "full"}, nil, BLFIdle, 0, 9},
	}
	var view DialogInfo
	for _, s := range steps {
		got, err := view.Apply(s.next)
		if !errors.Is(err, s.err) {
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.err)
		}
		view = got
		if view.BLFState() != s.blf || len(view.Dialogs) != s.dialogs || view.Version != s.version {
			t.Fatalf("%s: view %+v: blf %q, want %q with %d dialogs at version %d", s.name, view, view.BLFState(), s.blf, s.dialogs, s.version)
		}
		if view.Entity != "sip:bob@h" || view.State != "full" {
			t.Fatalf("%s: entity %q state %q", s.name, view.Entity, view.State)
		}
	}
}

func TestApplyTooManyDialogs(t *testing.T) {
	next := DialogInfo{Version: 1, State: "full"}
	for i := range MaxDialogs + 1 {
		next.Dialogs = append(next.Dialogs, Dialog{ID: fmt.Sprint(i), State: StateConfirmed})
	}
	prev := DialogInfo{Version: 0, State: "full", Entity: "sip:x@y"}
	got, err := prev.Apply(next)
	if !errors.Is(err, ErrTooManyDialogs) {
		t.Fatalf("err = %v, want ErrTooManyDialogs", err)
	}
	if got.Version != 0 || got.Entity != "sip:x@y" {
		t.Errorf("view changed on error: %+v", got)
	}
}
