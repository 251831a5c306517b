package ui

import (
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

func TestPresentRegistration(t *testing.T) {
	tests := []struct {
		reg        control.Registration
		configured bool
		want       regView
	}{
		{control.Registration{Status: control.RegReady}, true, regView{"Ready", RegIdle}},
		{control.Registration{Status: control.RegReady}, false, regView{"Not configured", RegIdle}},
		{control.Registration{}, false, regView{"Not configured", RegIdle}},
		{control.Registration{}, true, regView{"Ready", RegIdle}},
		{control.Registration{Registered: true}, true, regView{"Registered", RegOK}},
		{control.Registration{Status: control.RegRegistering}, true, regView{"Registering...", RegBusy}},
		{control.Registration{Status: control.RegFailed}, true, regView{"Register Failed", RegFailed}},
		{control.Registration{Status: control.RegFailed, Reason: "timeout"}, false, regView{"Register Failed: timeout", RegFailed}},
		{control.Registration{Status: control.RegUnregistered}, true, regView{"Unregistered", RegIdle}},
	}
	for _, tt := range tests {
		if got := presentRegistration(tt.reg, tt.configured); got != tt.want {
			t.Errorf("presentRegistration(%+v, %v) = %+v, want %+v", tt.reg, tt.configured, got, tt.want)
		}
	}
}

func TestPresentCall(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		line control.Line
		want callView
	}{
		{"in progress, no name", control.Line{Line: 1, State: control.StateInProgress, Peer: "100"},
			callView{visible: true, line: 1, name: "100", state: "Calling...", canHangup: true}},
		{"name equals number", control.Line{Line: 1, State: control.StateRinging, Peer: "100", PeerDisplayName: "100"},
			callView{visible: true, line: 1, name: "100", state: "Ringing...", canHangup: true}},
		{"on hold ticks", control.Line{Line: 2, State: control.StateHold, Peer: "7", Connected: now.Add(-3725 * time.Second)},
			callView{visible: true, line: 2, name: "7", state: "On hold", timer: "62:05", canHangup: true,
				controls: callControls{connected: true, held: true}}},
		{"connected without time uses duration", control.Line{Line: 1, State: control.StateInCall, Peer: "7", Duration: 9},
			callView{visible: true, line: 1, name: "7", state: "In call", timer: "00:09", canHangup: true,
				controls: callControls{connected: true}}},
		{"finishing", control.Line{Line: 1, State: control.StateFinishing, Peer: "7"},
			callView{visible: true, line: 1, name: "7", state: "Ending...", canHangup: true}},
		{"ended unanswered", control.Line{Line: 1, State: control.StateFinished, Peer: "7"},
			callView{visible: true, line: 1, name: "7", state: "Call ended", ended: true}},
		{"ended does not tick", control.Line{Line: 1, State: control.StateFinished, Peer: "7", Reason: "Busy Here",
			Connected: now.Add(-time.Hour), Duration: 5},
			callView{visible: true, line: 1, name: "7", state: "Call ended: Busy Here", timer: "00:05", ended: true}},
		{"codec next to state", control.Line{Line: 1, State: control.StateInCall, Peer: "7", Codec: "PCMU", CallID: "c1"},
			callView{visible: true, line: 1, callID: "c1", name: "7", state: "In call · PCMU", timer: "00:00", canHangup: true,
				controls: callControls{connected: true}}},
		{"codec on hold", control.Line{Line: 1, State: control.StateHold, Peer: "7", Codec: "opus"},
			callView{visible: true, line: 1, name: "7", state: "On hold · opus", timer: "00:00", canHangup: true,
				controls: callControls{connected: true, held: true}}},
		{"no codec once ended", control.Line{Line: 1, State: control.StateFinished, Peer: "7", Codec: "PCMU", Reason: "Bye"},
			callView{visible: true, line: 1, name: "7", state: "Call ended: Bye", ended: true}},
	}
	for _, tt := range tests {
		if got := presentCall(tt.line, true, now); got != tt.want {
			t.Errorf("%s: presentCall = %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if got := presentCall(control.Line{State: control.StateInCall}, false, now); got != (callView{}) {
		t.Errorf("presentCall(no line) = %+v, want zero", got)
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "00:00"}, {-time.Second, "00:00"}, {999 * time.Millisecond, "00:00"},
		{59 * time.Second, "00:59"}, {60 * time.Second, "01:00"}, {100 * time.Minute, "100:00"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestCurrentLineChoice(t *testing.T) {
	out := func(n int, state string) control.Line {
		return control.Line{Line: n, State: state, Direction: control.DirectionOutgoing, Peer: "p"}
	}
	in := func(n int, state string) control.Line {
		return control.Line{Line: n, State: state, Direction: control.DirectionIncoming, Peer: "p"}
	}
	tests := []struct {
		name     string
		lines    []control.Line
		current  int // 0: none
		incoming int // 0: none
	}{
		{"none", nil, 0, 0},
		{"one outgoing", []control.Line{out(1, control.StateSetup)}, 1, 0},
		{"incoming is not current", []control.Line{in(1, control.StateRinging)}, 0, 1},
		{"active call stays current when a waiting call is rejected",
			[]control.Line{out(1, control.StateInCall), in(2, control.StateRinging), in(2, control.StateFinished)}, 1, 0},
		{"latest active wins", []control.Line{out(1, control.StateHold), out(2, control.StateInCall)}, 2, 0},
		{"latest ended shown when none active",
			[]control.Line{out(1, control.StateFinished), out(2, control.StateFinished)}, 2, 0},
		{"idle line forgotten", []control.Line{out(1, control.StateFinished), out(1, control.StateIdle)}, 0, 0},
		{"first waiting call offered",
			[]control.Line{in(3, control.StateRinging), in(2, control.StateRinging)}, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newPhoneState(control.Status{}, true)
			for _, l := range tt.lines {
				s.apply(lineEvent(l))
			}
			cur, ok := s.current()
			if (tt.current == 0) == ok || (ok && cur.Line != tt.current) {
				t.Errorf("current = %d (%v), want %d", cur.Line, ok, tt.current)
			}
			inc, ok := s.incoming()
			if (tt.incoming == 0) == ok || (ok && inc.Line != tt.incoming) {
				t.Errorf("incoming = %d (%v), want %d", inc.Line, ok, tt.incoming)
			}
		})
	}
}

func TestStatusSeedsState(t *testing.T) {
	s := newPhoneState(control.Status{Registered: true, Registration: control.RegRegistered,
		Lines: []control.Line{{Line: 4, State: control.StateInCall, Direction: control.DirectionOutgoing, Peer: "9"}}}, true)
	v := s.view(time.Time{})
	if v.reg.kind != RegOK || v.call.line != 4 || v.call.state != "In call" {
		t.Fatalf("view from status = %+v, want registered and line 4 in call", v)
	}
	if !s.connected() {
		t.Fatal("connected() = false with a call in progress")
	}
}

func TestNoticeEvents(t *testing.T) {
	s := newPhoneState(control.Status{}, true)
	s.apply(control.Event{Kind: control.KindError, Message: "audio device missing"})
	s.apply(control.Event{Kind: control.KindInfo})                // empty message keeps the last one
	s.apply(control.Event{Kind: control.KindLine})                // nil line ignored
	s.apply(control.Event{Kind: control.KindRegistration})        // nil registration ignored
	s.apply(control.Event{Kind: control.KindCDR, Message: "cdr"}) // not a notice
	if got := s.view(time.Time{}).notice; got != "audio device missing" {
		t.Fatalf("notice = %q, want audio device missing", got)
	}
}

// TestDeviceEventIsANotice: the window tells a user which device was lost and which is used.
func TestDeviceEventIsANotice(t *testing.T) {
	s := newPhoneState(control.Status{}, true)
	c := control.DeviceChange{Role: "audiooutput", Change: control.DeviceLost, Device: "portaudio:USB Headset",
		Taken: "default", Reason: "unplugged"}
	s.apply(control.Event{Kind: control.KindDevice, Device: &c, Message: c.Text()})
	if got := s.view(time.Time{}).notice; !strings.Contains(got, "USB Headset") || !strings.Contains(got, "default") {
		t.Fatalf("notice = %q, want the lost and the taken device", got)
	}
}
