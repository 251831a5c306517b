package phone_test

import (
	"encoding/json"
	"strings"
	"testing"

	"softphone/internal/audiotest"
	"softphone/phone"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// testDevices are paced test microphones and a speaker behind the phone's usual file and
// null drivers: the seam where a test unplugs a device.
func testDevices() (*audio.Drivers, map[string]*audiotest.Device) {
	devs := map[string]*audiotest.Device{}
	var list []*audiotest.Device
	for i, name := range []string{"micA", "micB", "micC", "spkA"} {
		d := &audiotest.Device{Name: name, Rate: 16000, Marker: int16(1000 * (i + 1)), Paced: true}
		devs[name] = d
		list = append(list, d)
	}
	return audio.NewDrivers(audio.NewFileDriver(), audio.NewNullDriver(), audiotest.New(list...)), devs
}

// deviceEvent waits for the device event of role with change.
func (tp *testPhone) deviceEvent(role, change string) control.DeviceChange {
	tp.t.Helper()
	ev := tp.next(role+" "+change+" event", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindDevice && ev.Device.Role == role && ev.Device.Change == change
	})
	if !strings.HasPrefix(ev.Notification, "EVENT,") {
		tp.t.Errorf("device event notification %q", ev.Notification)
	}
	return *ev.Device
}

// TestMicrophoneUnpluggedMidCall: during a call the microphone in use vanishes; the phone
// takes the next of audioinputs with an event naming both, takes the first back when it
// returns, follows a choice made through audiodevice, and the call goes on throughout.
func TestMicrophoneUnpluggedMidCall(t *testing.T) {
	drivers, devs := testDevices()
	tp := startPhoneWith(t, kv("audioinput", "test:micA", "audioinputs", "test:micB"), phone.WithDrivers(drivers))
	tp.mustPost("call", `{"number":"echo"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	devs["micA"].Unplug()
	c := tp.deviceEvent("audioinput", control.DeviceLost)
	if c.Device != "test:micA" || c.Taken != "test:micB" || !strings.Contains(c.Reason, "unplugged") {
		t.Errorf("lost event %+v, want micA lost, micB taken, the driver's reason", c)
	}
	devs["micA"].Plug()
	if c := tp.deviceEvent("audioinput", control.DeviceBack); c.Device != "test:micA" {
		t.Errorf("back event %+v, want micA", c)
	}
	out := tp.mustPost("audiodevice", `{"dev":0,"device":"test:micC"}`)
	var st control.AudioDevices
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	if st.Input != "test:micC" || st.InputInUse != "test:micC" {
		t.Errorf("after selecting micC: input %q in use %q", st.Input, st.InputInUse)
	}
	if c := tp.deviceEvent("audioinput", control.DeviceSelected); c.Taken != "test:micC" {
		t.Errorf("selected event %+v, want micC", c)
	}
	if st := tp.p.Status(); len(st.Lines) != 1 || st.Lines[0].State != control.StateInCall {
		t.Fatalf("the call did not go on: %+v", st)
	}
}

// TestAudioDeviceFunction: audiodevice lists the devices by the values that select them; a
// device nobody has, a bad dev or half the arguments are errors naming what was wrong, and a
// bad ranked list is refused naming the parameter.
func TestAudioDeviceFunction(t *testing.T) {
	drivers, _ := testDevices()
	tp := startPhoneWith(t, nil, phone.WithDrivers(drivers))
	out := tp.mustPost("audiodevice", `{}`)
	var st control.AudioDevices
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, d := range st.Inputs {
		inputs = append(inputs, d.Device)
	}
	if !strings.Contains(strings.Join(inputs, " "), "test:micA") || st.InputInUse != "" {
		t.Errorf("inputs %v, in use %q: want test:micA listed, nothing in use without a call", inputs, st.InputInUse)
	}
	for _, tc := range []struct{ body, want []string }{
		{[]string{`{"dev":0,"device":"test:nothere"}`}, []string{`"audioinput"`, `test:nothere`, `test:micA`}},
		{[]string{`{"dev":1,"device":"Speaker 9000"}`}, []string{`"audiooutput"`, `Speaker 9000`, `test:spkA`}},
		{[]string{`{"dev":7,"device":"null"}`}, []string{`"dev"`, `7`}},
		{[]string{`{"device":"null"}`}, []string{`"dev"`}},
		{[]string{`{"name":"audioinputs","value":"test:micA,,test:micB"}`, "setparameter"}, []string{`audioinputs`, `empty device`}},
		{[]string{`{"name":"audiooutputs","value":"file:"}`, "setparameter"}, []string{`audiooutputs`, `file:`}},
	} {
		fn := "audiodevice"
		if len(tc.body) > 1 {
			fn = tc.body[1]
		}
		code, body := tp.post(fn, tc.body[0])
		var answer struct{ Error string }
		json.Unmarshal([]byte(body), &answer)
		out := answer.Error
		if code != 400 {
			t.Errorf("%s %s: %d %s, want 400", fn, tc.body[0], code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s %s: %s does not name %s", fn, tc.body[0], out, w)
			}
		}
	}
	for range 2 { // the seed's switchMic: the next microphone listed each time
		before, _ := tp.p.GetParameter("audioinput")
		var st control.AudioDevices
		if err := json.Unmarshal([]byte(tp.mustPost("audiodevice", `{"dev":0,"device":"next"}`)), &st); err != nil {
			t.Fatal(err)
		}
		if st.Input == before || !strings.HasPrefix(st.Input, "test:") {
			t.Errorf("next microphone after %q is %q", before, st.Input)
		}
	}
	tp.mustPost("setparameter", `{"name":"audiooutputs","value":"\"Card (hw:0,0)\", test:spkA"}`)
	if v, _ := tp.p.GetParameter("audiooutputs"); v != `"Card (hw:0,0)",test:spkA` {
		t.Errorf("audiooutputs stored as %q", v)
	}
}

// TestRingDeviceChangeMidCall: setting ringdevice during a call gives the running call a ring
// device (the engine is rebuilt with the call attached again), a second change switches it at
// once, and the call goes on.
func TestRingDeviceChangeMidCall(t *testing.T) {
	drivers, _ := testDevices()
	tp := startPhoneWith(t, kv("audiooutput", "test:spkA"), phone.WithDrivers(drivers))
	tp.mustPost("call", `{"number":"echo"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	inUse := func() control.AudioDevices {
		var st control.AudioDevices
		if err := json.Unmarshal([]byte(tp.mustPost("audiodevice", `{}`)), &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := inUse(); st.RingInUse != "" || st.OutputInUse != "test:spkA" {
		t.Errorf("before: ring %q speaker %q, want no ring device and spkA", st.RingInUse, st.OutputInUse)
	}
	tp.mustPost("audiodevice", `{"dev":2,"device":"test:micB"}`)
	if st := inUse(); st.RingInUse != "test:micB" {
		t.Errorf("ring device in use %q, want test:micB", st.RingInUse)
	}
	tp.mustPost("audiodevice", `{"dev":2,"device":"test:micC"}`)
	if c := tp.deviceEvent("ringdevice", control.DeviceSelected); c.Taken != "test:micC" {
		t.Errorf("ring selected event %+v", c)
	}
	if st := tp.p.Status(); len(st.Lines) != 1 || st.Lines[0].State != control.StateInCall {
		t.Fatalf("the call did not go on: %+v", st)
	}
}
