package phone_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationSeedAPIFunctions: the seed's isencrypted (-1 without a call, 1 for an SRTP
// call over UDP signalling), hangup with line -1 ending both calls to two sipp UAS
// (custom_header_uas.xml), getparameter of an unknown name answering an empty value, and
// start with nothing to register.
func TestIntegrationSeedAPIFunctions(t *testing.T) {
	var ports []int
	var waits []func() testpeer.SippResult
	for range 2 {
		port := testpeer.FreePort(t, "udp")
		waits = append(waits, runSippAsync(t, "custom_header_uas.xml", "127.0.0.1:9", "-p", strconv.Itoa(port)))
		waitSippListening(t, port)
		ports = append(ports, port)
	}
	// why: custom_header_uas.xml checks every INVITE and BYE for X-Crm-Id, and expects no
	// re-INVITE (autohold would hold line 1 when line 2 is dialled).
	// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
	tp := startPhone(t, kv("srtpsdesplain", "1", "customsipheader", "X-Crm-Id: 1", "autohold", "false"))
	if out := tp.mustPost("isencrypted", ``); !strings.Contains(out, `"encrypted":-1`) {
		t.Errorf("isencrypted without a call: %s, want -1", out)
	}
	if out := tp.mustPost("start", ``); !strings.Contains(out, `"ok":true`) {
		t.Errorf("start: %s", out)
	}
	out := tp.mustPost("getparameter", `{"name":"nosuchparameter"}`)
	if !strings.Contains(out, `"value":""`) || !strings.Contains(out, `"known":false`) {
		t.Errorf("getparameter of an unknown name: %s, want an empty value", out)
	}
	for i, port := range ports {
		tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
		tp.next(fmt.Sprintf("call %d connected", i+1), callTimeout, func(ev control.Event) bool {
			return ev.Kind == control.KindLine && ev.Line.Line == i+1 && ev.Line.State == control.StateInCall
		})
	}
	if out := tp.mustPost("isencrypted", ``); !strings.Contains(out, `"encrypted":1`) {
		t.Errorf("isencrypted during an SRTP call over UDP: %s, want 1 (partially)", out)
	}
	tp.mustPost("hangup", `{"line":-1}`)
	ended := map[int]bool{}
	for len(ended) < 2 {
		ev := tp.next("both lines finished", callTimeout, func(ev control.Event) bool {
			return ev.Kind == control.KindLine && ev.Line.State == control.StateFinished
		})
		ended[ev.Line.Line] = true
	}
	for i, wait := range waits {
		if res := wait(); res.ExitCode != 0 {
			t.Errorf("sipp %d exit %d:\n%s", i+1, res.ExitCode, res.Errors)
		}
	}
	if code, out := tp.post("hangup", `{"line":-1}`); code != 409 {
		t.Errorf("hangup -1 without calls: %d %s, want 409", code, out)
	}
}

// TestDelSettings: delsettings without its confirmation flag changes nothing and says how to
// confirm; with it, a run-time parameter falls back to its default and the contacts are gone.
func TestDelSettings(t *testing.T) {
	tp := startPhone(t, kv())
	tp.mustPost("setparameter", `{"name":"displayname","value":"Desk 4"}`)
	if _, err := tp.p.SaveContact(control.Contact{Name: "Support", Numbers: []control.Number{{Label: "work", Value: "1002"}}}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{``, `{"confirm":false}`} {
		if code, out := tp.post("delsettings", body); code != 400 || !strings.Contains(out, `\"confirm\": true`) {
			t.Errorf("delsettings %s: %d %s, want 400 asking for confirm", body, code, out)
		}
	}
	if v, _ := tp.p.GetParameter("displayname"); v != "Desk 4" {
		t.Fatalf("unconfirmed delsettings changed displayname to %q", v)
	}
	tp.mustPost("delsettings", `{"confirm":true}`)
	if v, _ := tp.p.GetParameter("displayname"); v != "" {
		t.Errorf("displayname %q after delsettings, want the default", v)
	}
	if list, err := tp.p.Contacts(""); err != nil || len(list) != 0 {
		t.Errorf("contacts after delsettings: %v %v", list, err)
	}
}

// TestIntegrationSeedNotificationSequence: the notifications of a whole call to a sipp UAS,
// answered and hung up here, line by line in the seed's formats (callid and times aside).
func TestIntegrationSeedNotificationSequence(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "custom_header_uas.xml", "127.0.0.1:9", "-p", strconv.Itoa(port))
	waitSippListening(t, port)
	// why: custom_header_uas.xml checks every INVITE and BYE for X-Crm-Id.
	// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
	tp := startPhone(t, kv("srtpsdesplain", "1", "username", "1111", "customsipheader", "X-Crm-Id: 1"))
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:2222@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateInCall, callTimeout)
	tp.mustPost("hangup", `{}`)
	cdr := tp.waitCDR(callTimeout)
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	var got []string
	callID := ""
	for _, ev := range tp.seen {
		n := ev.Notification
		if ev.Line != nil {
			callID = ev.Line.CallID
		}
		if strings.HasPrefix(n, "START,") || strings.HasPrefix(n, "STATUS,") || strings.HasPrefix(n, "CDR,") {
			if callID != "" {
				n = strings.ReplaceAll(n, callID, "[callid]")
			}
			got = append(got, n)
		}
	}
	want := []string{
		"START,sip",
		"STATUS,1,CallSetup,2222,1111,1,,[callid]",
		"STATUS,1,Setup,2222,1111,1,,[callid]",
		"STATUS,-1,Calling...",
		"STATUS,1,CallConnect,2222,1111,1,,[callid]",
		"STATUS,1,InCall,2222,1111,1,,[callid]",
		"STATUS,-1,In Call (0 sec)",
		"STATUS,1,CallDisconnect,2222,1111,1,,[callid]",
		"STATUS,1,Finishing,2222,1111,1,,[callid]",
		"STATUS,1,Finished,2222,1111,1,,[callid]",
		"STATUS,-1,Call Finished",
		cdr.CDRLine(),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("notifications:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIntegrationAutoCall: autocall=true with callto calls it at start (no registration
// here); autocall without callto, or with a callto that cannot be dialled, is an error
// notice naming callto, and the phone goes on.
func TestIntegrationAutoCall(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "custom_header_uas.xml", "127.0.0.1:9", "-p", strconv.Itoa(port))
	waitSippListening(t, port)
	// why: custom_header_uas.xml checks every INVITE and BYE for X-Crm-Id.
	// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
	tp := startPhone(t, kv("srtpsdesplain", "1", "autocall", "true", "callto", fmt.Sprintf("sip:2222@127.0.0.1:%d", port),
		"customsipheader", "X-Crm-Id: 1"))
	if l := tp.waitLine(control.StateInCall, callTimeout); l.Peer != "2222" {
		t.Errorf("autocall called %q, want 2222", l.Peer)
	}
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	for _, tt := range []struct{ callto, want string }{
		{"", "parameter callto is empty"},
		{"bad number$", `parameter callto "bad number$"`},
	} {
		bad := startPhone(t, kv("autocall", "1", "callto", tt.callto))
		ev := bad.next("autocall error", callTimeout, func(ev control.Event) bool { return ev.Kind == control.KindError })
		if !strings.Contains(ev.Notification, tt.want) {
			t.Errorf("callto %q: notice %q, want it to say %q", tt.callto, ev.Notification, tt.want)
		}
		if st := bad.p.Status(); len(st.Lines) != 0 {
			t.Errorf("callto %q: lines %v after a failed autocall", tt.callto, st.Lines)
		}
	}
}
