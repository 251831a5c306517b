package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCallControlBadInput: each bad request gets a 4xx naming the problem and the
// call in progress is untouched.
func TestIntegrationCallControlBadInput(t *testing.T) {
	k, tp := ccSetup(t, nil)
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{AutoAnswer: true})

	for _, c := range []struct{ fn, body, want string }{
		{"conference", `{"number":""}`, "conference"},
		{"hold", `{"line":1,"hold":true}`, "no such call on line 1"},
		{"dtmf", `{"digits":"12","line":1}`, "no such call on line 1"},
		{"transfer", `{"number":"1002","line":1}`, "no such call on line 1"},
		{"setline", `{"line":99}`, "line 99"},
	} {
		tp.wantError(c.fn, c.body, c.want)
	}

	tp.mustPost("call", `{"number":"1001"}`)
	tp.waitState(1, control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	before := tp.statusLine(1)
	for _, c := range []struct{ fn, body, want string }{
		{"dtmf", `{"digits":"12x","line":1}`, "not a DTMF digit"},
		{"dtmf", `{"digits":"","line":1}`, "digits"},
		{"hold", `{"line":3,"hold":true}`, "no such call on line 3"},
		{"mute", `{"line":1,"mute":true,"direction":7}`, "direction"},
		{"transfer", `{"number":"12$4","line":1}`, "invalid number"},
		{"setvolume", `{"dev":0,"volume":101}`, "volume"},
		{"setvolume", `{"dev":5,"volume":50}`, "dev"},
	} {
		tp.wantError(c.fn, c.body, c.want)
	}
	// A transfer to a number the registrar does not know: attended, so the consultation call
	// fails with 404 before anything is asked of the far end (baresip 1.0 as a blind
	// transferee ends its call as soon as it starts the new one, success or not).
	tp.mustPost("setparameter", `{"name":"transfertype","value":"attended"}`)
	code, out := tp.post("transfer", `{"number":"4040","line":1}`)
	t.Logf("transfer to 4040: %d %s", code, out)
	if code == 200 { // the consultation call fails later
		ev := tp.next("transfer failure (error notice or failed consultation naming 4040/404)", callTimeout, func(ev control.Event) bool {
			msg := strings.ToLower(ev.Message)
			return ev.Kind == control.KindError && (strings.Contains(msg, "transfer") || strings.Contains(msg, "4040")) ||
				ev.Kind == control.KindLine && ev.Line.Peer == "4040" && ev.Line.State == control.StateFinished && strings.Contains(ev.Line.Reason, "404")
		})
		t.Logf("transfer failure: %s", ev.Notification)
	} else if code < 400 || code > 499 || !strings.Contains(out, "4040") {
		t.Errorf("transfer to 4040: %d %s; want 200 then a failure notice, or a 4xx naming 4040", code, out)
	}
	l := tp.pollLine(1, "still in the call after a failed transfer", callTimeout, func(l control.Line) bool {
		return l.State == control.StateInCall && !l.Hold
	})
	if l.CallID != before.CallID || l.Peer != "1001" {
		t.Errorf("line 1 after bad input %+v, was %+v", l, before)
	}
	if evs := b.Events(); len(evs) > 0 && evs[len(evs)-1] == "CALL_CLOSED" {
		t.Errorf("the far end's call ended: %v", evs)
	}
	tp.mustPost("hangup", `{"line":1}`)
	tp.waitState(1, control.StateFinished, callTimeout)
}
