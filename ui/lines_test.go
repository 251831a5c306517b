package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

func TestPresentLines(t *testing.T) {
	call := func(n int, state string) control.Line {
		return control.Line{Line: n, State: state, Direction: control.DirectionOutgoing, Peer: "p"}
	}
	ringing := control.Line{Line: 2, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "q"}
	tests := []struct {
		name     string
		maxLines int
		selected int
		picked   bool
		lines    []control.Line
		want     string // buttons as "line:text[*]"
		merge    bool
	}{
		{"no calls", 4, 0, false, nil, "[]", false},
		{"one call", 4, 1, false, []control.Line{call(1, control.StateInCall)}, "[1:L1 In call* 2:+ Line]", false},
		{"calling", 4, 1, false, []control.Line{call(1, control.StateInProgress)}, "[1:L1 Calling* 2:+ Line]", false},
		{"call waiting", 4, 1, false, []control.Line{call(1, control.StateInCall), ringing},
			"[1:L1 In call* 2:L2 Ringing 3:+ Line]", false},
		{"two connected, selected shown", 4, 3, false, []control.Line{call(1, control.StateHold), call(3, control.StateInCall)},
			"[1:L1 Hold 3:L3 In call* 2:+ Line]", true},
		{"held flag without state", 4, 1, false,
			[]control.Line{{Line: 1, State: control.StateInCall, Hold: true, Peer: "p"}}, "[1:L1 Hold* 2:+ Line]", false},
		{"all lines taken", 2, 1, false, []control.Line{call(1, control.StateInCall), call(2, control.StateHold)},
			"[1:L1 In call* 2:L2 Hold]", true},
		{"free line picked", 4, 2, true, []control.Line{call(1, control.StateHold)}, "[1:L1 Hold 2:L2 New call*]", false},
		{"ended", 4, 1, false, []control.Line{call(1, control.StateFinished)}, "[1:L1 Ended* 2:+ Line]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newPhoneState(control.Status{Line: tt.selected}, true)
			s.maxLines = tt.maxLines
			for _, l := range tt.lines {
				s.putLine(l)
			}
			s.picked = tt.picked
			v := s.view(time.Now()).lines
			var got []string
			for _, b := range v.buttons {
				mark := ""
				if b.current {
					mark = "*"
				}
				got = append(got, fmt.Sprintf("%d:%s%s", b.line, b.text, mark))
			}
			if fmt.Sprint(got) != tt.want {
				t.Errorf("buttons = %v, want %s", got, tt.want)
			}
			if v.canMerge != tt.merge {
				t.Errorf("canMerge = %v, want %v", v.canMerge, tt.merge)
			}
		})
	}
}

func TestCurrentPrefersSelectedActiveLine(t *testing.T) {
	tests := []struct {
		name     string
		selected int
		lines    []control.Line // in event order
		want     int            // 0: none
	}{
		{"latest active without selection", 0, []control.Line{
			{Line: 1, State: control.StateHold}, {Line: 2, State: control.StateInCall}}, 2},
		{"selected active over a later one", 1, []control.Line{
			{Line: 1, State: control.StateHold}, {Line: 2, State: control.StateInCall}}, 1},
		{"active over selected ended", 1, []control.Line{
			{Line: 1, State: control.StateFinished}, {Line: 2, State: control.StateHold}}, 2},
		{"selected ended over other ended", 1, []control.Line{
			{Line: 1, State: control.StateFinished}, {Line: 2, State: control.StateFinished}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newPhoneState(control.Status{Line: tt.selected}, true)
			for _, l := range tt.lines {
				s.putLine(l)
			}
			l, ok := s.current()
			got := 0
			if ok {
				got = l.Line
			}
			if got != tt.want {
				t.Fatalf("current = line %d, want %d", got, tt.want)
			}
		})
	}
}

func TestAddDTMFKeepsLastDigits(t *testing.T) {
	s := newPhoneState(control.Status{}, true)
	s.addDTMF("")
	if s.dtmfSeq != 0 {
		t.Fatalf("empty digit counted: seq %d", s.dtmfSeq)
	}
	for range 20 {
		s.addDTMF("1")
	}
	s.addDTMF("#")
	want := strings.Repeat("1", dtmfShown-1) + "#"
	if s.dtmf != want || s.dtmfSeq != 21 {
		t.Fatalf("dtmf = %q seq %d, want %q seq 21", s.dtmf, s.dtmfSeq, want)
	}
	if s.clearDTMF(20) {
		t.Fatal("a stale clear removed newer digits")
	}
	if !s.clearDTMF(21) || s.dtmf != "" {
		t.Fatalf("clear left %q", s.dtmf)
	}
}

func TestParseLines(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{{"", defaultLines}, {"2", 2}, {"8", 8}, {"0", defaultLines}, {"-1", defaultLines}, {"four", defaultLines}}
	for _, tt := range tests {
		if got := parseLines(tt.in); got != tt.want {
			t.Errorf("parseLines(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
