package ui

import (
	"strings"
	"testing"
)

// displayvolumecontrols puts microphone and speaker sliders on the call panel that set the
// volumes; displayaudiodevice shows the devices in use; without them the panel has neither.
func TestCallPanelExtras(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{"serveraddress": "pbx.local",
		"displayvolumecontrols": "true", "displayaudiodevice": "true", "audioinput": "USB Headset", "volumeout": "70"})
	x := h.w.phone.panel.extras
	if x.mic == nil || x.speaker == nil || x.devices == nil {
		t.Fatalf("extras %+v: want sliders and devices", x)
	}
	if x.speaker.Value != 70 || x.mic.Value != 50 {
		t.Errorf("sliders mic %v speaker %v, want 50 and the volumeout 70", x.mic.Value, x.speaker.Value)
	}
	if !strings.Contains(x.devices.Text, "Microphone: USB Headset") || !strings.Contains(x.devices.Text, "Speaker: System default") {
		t.Errorf("devices %q", x.devices.Text)
	}
	x.speaker.OnChangeEnded(30)
	h.settle()
	assertCommands(t, h.fake, "SetVolume 1 30")

	plain, _ := newDevicesHarness(t, map[string]string{"serveraddress": "pbx.local"})
	if x := plain.w.phone.panel.extras; x.content != nil || x.mic != nil || x.devices != nil {
		t.Fatalf("extras without the switches: %+v", x)
	}
}

// Without a server the window opens on the Account form (the seed's login page), unless
// haveloginpage is false: then on the Phone tab.
func TestHaveLoginPage(t *testing.T) {
	for _, tt := range []struct{ value, want string }{{"", "Account"}, {"true", "Account"}, {"false", "Phone"}} {
		h, _ := newDevicesHarness(t, map[string]string{"haveloginpage": tt.value})
		if got := h.w.tabs.Selected().Text; got != tt.want {
			t.Errorf("haveloginpage=%q: window opens on %q, want %q", tt.value, got, tt.want)
		}
	}
}
