package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// showSettings selects the Settings tab and lets its first reading arrive.
func showSettings(h *harness) {
	h.w.tabs.Select(h.w.tabs.Items[len(h.w.tabs.Items)-1])
	h.settle()
}

// setElsewhere changes parameters in the fake as the control API or the tray would.
func setElsewhere(t *testing.T, h *harness, kv ...string) {
	t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := h.fake.SetParameter(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSettingsFollowChangesMadeElsewhere(t *testing.T) {
	tests := []struct {
		name  string
		tick  bool // changed while the tab is shown: the next poll picks it up
		check func(t *testing.T, s *settingsTab)
	}{
		{"on selecting the tab", false, nil},
		{"while shown", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDevicesHarness(t, map[string]string{"callforward": "3000"})
			s := h.w.settings
			var tray []bool
			s.calls.onDND = func(on bool) { tray = append(tray, on) }
			if tt.tick {
				showSettings(h)
			}
			setElsewhere(t, h, "dnd", "true", "autoanswer", "2", "callforward", "4000",
				"callforwardmode", "noanswer", "volumeout", "20")
			before := len(h.fake.commands())
			if tt.tick {
				if n := liveOf(h.timers, paramPollInterval); n != 1 {
					t.Fatalf("%d parameter polls armed while shown, want 1", n)
				}
				h.timers.fire()
				h.settle()
			} else {
				showSettings(h)
			}
			c := s.calls
			if !c.dnd.Checked || c.autoAnswer.Selected != "When the caller asks" || c.forward.Text != "4000" ||
				c.forwardMode.Selected != "noanswer" || s.audio.volumes[control.VolumeSpeaker].Value != 20 {
				t.Fatalf("shown: dnd %v, autoanswer %q, forward %q, mode %q, speaker %v",
					c.dnd.Checked, c.autoAnswer.Selected, c.forward.Text, c.forwardMode.Selected,
					s.audio.volumes[control.VolumeSpeaker].Value)
			}
			if got := h.fake.commands()[before:]; len(got) != 0 {
				t.Fatalf("following the phone sent %q back to it", got)
			}
			if len(tray) != 1 || !tray[0] {
				t.Fatalf("tray told %v, want [true]", tray)
			}
		})
	}
}

func TestSettingsPollOnlyWhileShown(t *testing.T) {
	h, _ := newDevicesHarness(t, nil)
	if n := liveOf(h.timers, paramPollInterval); n != 0 {
		t.Fatalf("%d parameter polls armed before the tab is shown", n)
	}
	showSettings(h)
	h.w.tabs.SelectIndex(0)
	if n := liveOf(h.timers, paramPollInterval); n != 0 {
		t.Fatalf("%d parameter polls armed after leaving the tab", n)
	}
	setElsewhere(t, h, "dnd", "true")
	h.timers.fire()
	h.settle()
	if h.w.settings.calls.dnd.Checked {
		t.Fatal("hidden tab re-read the parameters")
	}
}

func TestSettingsReadingDoesNotUndoAChangeMadeHere(t *testing.T) {
	h, _ := newDevicesHarness(t, nil)
	s := h.w.settings
	h.w.tabs.Select(h.w.tabs.Items[len(h.w.tabs.Items)-1]) // a reading (dnd=false) is queued
	test.Tap(s.calls.dnd)                                  // and the user ticks DND before it returns
	h.settle()
	if !s.calls.dnd.Checked {
		t.Fatal("an older reading unticked DND")
	}
	assertCommands(t, h.fake, "Set dnd=true")
}

func TestSettingsKeepUnsavedForwardTyping(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{"callforward": "3000"})
	s := h.w.settings
	showSettings(h)
	s.calls.forward.SetText("30005")
	setElsewhere(t, h, "callforward", "4000")
	h.timers.fire()
	h.settle()
	if got := s.calls.forward.Text; got != "30005" {
		t.Fatalf("forward = %q, want the unsaved 30005 kept", got)
	}
	test.Tap(s.calls.forwardSet)
	h.settle()
	setElsewhere(t, h, "callforward", "5000")
	h.timers.fire()
	h.settle()
	if got := s.calls.forward.Text; got != "5000" {
		t.Fatalf("forward = %q after a save and a change elsewhere, want 5000", got)
	}
}

func TestVolumeSlidersStartAtThePhonesVolumes(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		want   [3]float64
	}{
		{"published", map[string]string{"volumein": "80", "volumeout": "30", "volumering": "65"}, [3]float64{80, 30, 65}},
		{"not published: unity", nil, [3]float64{50, 50, 50}},
		{"unreadable: unity", map[string]string{"volumein": "loud", "volumeout": "101", "volumering": "-1"},
			[3]float64{50, 50, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDevicesHarness(t, tt.params)
			for dev, s := range h.w.settings.audio.volumes {
				if s.Value != tt.want[dev] {
					t.Errorf("volume %d starts at %v, want %v", dev, s.Value, tt.want[dev])
				}
			}
			showSettings(h)
			assertCommands(t, h.fake) // starting and following send nothing
		})
	}
}

// TestSettingsFollowParameterEvents: a parameter event from the phone (setparameter through
// the control API) updates the Settings controls and the tray's DND tick at once, with the
// Settings tab not shown and no poll armed; an event for a parameter the tab does not show
// reads nothing.
func TestSettingsFollowParameterEvents(t *testing.T) {
	h, _ := newDevicesHarness(t, nil)
	s := h.w.settings
	var tray []bool
	s.calls.onDND = func(on bool) { tray = append(tray, on) }
	if n := liveOf(h.timers, paramPollInterval); n != 0 {
		t.Fatalf("%d polls armed with the tab hidden", n)
	}
	setElsewhere(t, h, "dnd", "true", "volumein", "30")
	h.push(paramEvent("dnd", "true"))
	if !s.calls.dnd.Checked || len(tray) != 1 || !tray[0] {
		t.Fatalf("after a dnd event: checkbox %v, tray %v; want ticked both", s.calls.dnd.Checked, tray)
	}
	if got := s.audio.volumes[0].Value; got != 30 {
		t.Errorf("microphone slider %v after the reading, want 30", got)
	}
	setElsewhere(t, h, "dnd", "false") // no event for dnd this time
	h.push(paramEvent("loglevel", "5"))
	if !s.calls.dnd.Checked {
		t.Errorf("an event for loglevel re-read the call settings")
	}
	h.push(paramEvent("dnd", "false"))
	if s.calls.dnd.Checked || len(tray) != 2 || tray[1] {
		t.Errorf("after dnd off: checkbox %v, tray %v; want unticked both", s.calls.dnd.Checked, tray)
	}
}

func paramEvent(name, value string) control.Event {
	return control.Event{Kind: control.KindParameter, Parameter: &control.Parameter{Name: name, Value: value}}
}
