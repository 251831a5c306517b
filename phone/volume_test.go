package phone_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

// TestSetVolumeIsAParameter: setvolume sets volumein/volumeout/volumering, which
// getparameter reads back, and the engine applies it at once: the microphone level of an
// echo call falls to silence at volume 0 and comes back at 50.
func TestSetVolumeIsAParameter(t *testing.T) {
	ours := talker(t, ourText, 30*time.Second)
	tp := startPhone(t, kv("audioinput", "file:"+ours))
	for dev, name := range []string{"volumein", "volumeout", "volumering"} {
		if v, err := tp.p.GetParameter(name); err != nil || v != "50" {
			t.Fatalf("%s = %q, %v; want the default 50", name, v, err)
		}
		tp.mustPost("setvolume", fmt.Sprintf(`{"dev":%d,"volume":%d}`, dev, 70+dev))
		if v, _ := tp.p.GetParameter(name); v != fmt.Sprint(70+dev) {
			t.Errorf("after setvolume dev %d: %s = %q, want 7%d", dev, name, v, dev)
		}
	}
	tp.wantError("setparameter", `{"name":"volumeout","value":"101"}`, "volumeout")

	tp.mustPost("setvolume", `{"dev":0,"volume":50}`)
	tp.mustPost("call", `{"number":"echo"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	micLevel := func(want func(float64) bool) float64 {
		deadline := time.Now().Add(10 * time.Second)
		for {
			mic, _ := tp.p.Levels()
			if want(mic) || time.Now().After(deadline) {
				return mic
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if mic := micLevel(func(l float64) bool { return l > -50 }); mic <= -50 {
		t.Fatalf("microphone level %.1f dBFS at volume 50, want speech (> -50)", mic)
	}
	tp.mustPost("setparameter", `{"name":"volumein","value":"0"}`)
	if mic := micLevel(func(l float64) bool { return l < -90 }); mic >= -90 {
		t.Errorf("microphone level %.1f dBFS at volume 0, want silence (< -90)", mic)
	}
	tp.mustPost("setvolume", `{"dev":0,"volume":50}`)
	if mic := micLevel(func(l float64) bool { return l > -50 }); mic <= -50 {
		t.Errorf("microphone level %.1f dBFS back at volume 50, want speech", mic)
	}
	tp.mustPost("hangup", `{}`)
}

// TestParameterEvents: every parameter change is published with the value getparameter
// gives, secrets masked, so a window follows changes made through the control API.
func TestParameterEvents(t *testing.T) {
	tp := startPhone(t, nil)
	tp.mustPost("setparameter", `{"name":"dnd","value":"1"}`)
	ev := tp.next("dnd parameter event", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindParameter && ev.Parameter != nil && ev.Parameter.Name == "dnd"
	})
	if ev.Parameter.Value != "true" || ev.Notification != "EVENT,PARAMETER,dnd,true" {
		t.Errorf("dnd event %+v %q, want value true", *ev.Parameter, ev.Notification)
	}
	tp.mustPost("setparameter", `{"name":"password","value":"hunter2"}`)
	ev = tp.next("password parameter event", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindParameter && ev.Parameter != nil && ev.Parameter.Name == "password"
	})
	if ev.Parameter.Value == "hunter2" || strings.Contains(ev.Notification, "hunter2") {
		t.Errorf("password event shows the secret: %+v %q", *ev.Parameter, ev.Notification)
	}
}
