package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCallControlDTMF sends digits in each dtmfmode and checks baresip received
// them the right way (SIP INFO seen in its trace or not), then reports digits baresip sends.
func TestIntegrationCallControlDTMF(t *testing.T) {
	k, tp := ccSetup(t, nil)
	b := ccPeer(t, k, "1001", testpeer.BaresipConfig{AutoAnswer: true, SIPTrace: true})
	const digits = "1 2#*D9" // a space is a pause; no digit repeats, so "both" shows pairs
	want := strings.ReplaceAll(digits, " ", "")
	infos := func() int {
		n := 0
		for _, m := range b.SIPMessages() {
			if m.Received && m.Status == 0 && m.Method == "INFO" && strings.HasPrefix(m.Header("Content-Type"), "application/dtmf-relay") {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		mode      string
		perDigit  int // times baresip reports each digit
		infoCount int // SIP INFO requests per digit
	}{
		{"rfc4733", 1, 0},
		{"info", 1, 1},
		{"both", 2, 1},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			tp.t = t
			tp.mustPost("setparameter", `{"name":"dtmfmode","value":"`+tc.mode+`"}`)
			tp.mustPost("call", `{"number":"1001"}`)
			tp.waitState(1, control.StateInCall, callTimeout)
			b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
			before := infos()
			tp.mustPost("dtmf", `{"digits":"`+digits+`","line":1}`)
			got := b.WaitDTMF(t, len(want)*tc.perDigit, callTimeout)
			var collapsed strings.Builder
			for i, r := range got {
				if i == 0 || tc.perDigit == 1 || rune(got[i-1]) != r {
					collapsed.WriteRune(r)
				}
			}
			if collapsed.String() != want {
				t.Errorf("baresip received %q in mode %s, want %q (each %d times)", got, tc.mode, want, tc.perDigit)
			}
			for range len(want) * tc.perDigit { // let the last digit end before hanging up
				b.WaitEvent(t, "CALL_DTMF_END", callTimeout)
			}
			tp.mustPost("hangup", `{}`)
			tp.waitState(1, control.StateFinished, callTimeout)
			b.WaitEvent(t, "CALL_CLOSED", callTimeout)
			if n := infos() - before; n != len(want)*tc.infoCount {
				t.Errorf("baresip received %d SIP INFO dtmf-relay requests in mode %s, want %d", n, tc.mode, len(want)*tc.infoCount)
			}
			var extra strings.Builder
			for _, ev := range b.DrainEvents("CALL_DTMF_START") {
				extra.WriteString(ev.Param)
			}
			if extra.Len() > 0 {
				t.Errorf("baresip reported extra digits %q in mode %s after %q; its RFC 4733 log:\n%s",
					extra.String(), tc.mode, got, strings.Join(b.LogLines("received event"), "\n"))
			}
		})
	}
	t.Run("received", func(t *testing.T) {
		tp.t = t
		tp.mustPost("call", `{"number":"1001"}`)
		tp.waitState(1, control.StateInCall, callTimeout)
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		if err := b.SendDTMF("47#"); err != nil {
			t.Fatal(err)
		}
		var got []string
		for range 3 {
			ev := tp.next("dtmf event", callTimeout, func(ev control.Event) bool { return ev.Kind == control.KindDTMF })
			if ev.Notification != "DTMF,1,"+ev.Message {
				t.Errorf("dtmf notification %q for digit %q", ev.Notification, ev.Message)
			}
			got = append(got, ev.Message)
		}
		if s := strings.Join(got, ""); s != "47#" {
			t.Errorf("we reported DTMF %q, want 47#", s)
		}
		tp.mustPost("hangup", `{}`)
		tp.waitState(1, control.StateFinished, callTimeout)
	})
}
