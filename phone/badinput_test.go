package phone_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

func TestIntegrationRegisterDNSFailure(t *testing.T) {
	tp := startPhone(t, kv("serveraddress", "no-such-pbx.invalid", "username", "1000", "password", "x"))
	reg := tp.waitReg(control.RegFailed, 30*time.Second)
	if !strings.Contains(reg.Reason, `cannot resolve server name "no-such-pbx.invalid"`) {
		t.Fatalf("reason %q does not name the server", reg.Reason)
	}
	t.Logf("reason: %s", reg.Reason)
}

func TestIntegrationMissingAudioDevices(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.wav")
	tp := startPhone(t, kv("audioinput", "file:"+missing, "audiooutput", "No Such Speaker 9000"))
	tp.mustPost("call", `{"number":"echo"}`)
	var notices []string
	roles := map[string]bool{}
	for len(roles) < 2 {
		ev := tp.next("device failed events", 10*time.Second, func(ev control.Event) bool {
			return ev.Kind == control.KindDevice && ev.Device.Change == control.DeviceFailed
		})
		roles[ev.Device.Role] = true
		notices = append(notices, ev.Notification)
	}
	all := strings.Join(notices, "\n")
	for _, want := range []string{"audioinput", missing, "audiooutput", "No Such Speaker 9000"} {
		if !strings.Contains(all, want) {
			t.Errorf("notices do not name %q:\n%s", want, all)
		}
	}
	t.Logf("notices:\n%s", all)
	st := tp.p.Status()
	if len(st.Lines) != 1 || st.Lines[0].State != control.StateInCall {
		t.Fatalf("the call did not go on without devices: %+v", st)
	}
}

func TestIntegrationRTPTimeout(t *testing.T) {
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "peer", AutoAnswer: true})
	tp := startPhone(t, kv("rtptimeout", "2"))
	tp.mustPost("call", `{"number":"`+b.URI()+`"}`)
	tp.waitLine(control.StateInCall, callTimeout)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	if err := b.Kill(); err != nil {
		t.Fatal(err)
	}
	l := tp.waitLine(control.StateFinished, 20*time.Second)
	if !strings.Contains(l.Reason, "RTP timeout") {
		t.Fatalf("reason %q", l.Reason)
	}
	cdr := tp.waitCDR(5 * time.Second)
	if cdr.DurationMS <= 0 {
		t.Fatalf("cdr %+v", cdr)
	}
}
