package phone_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationMParam: a sipp registrar (testdata/peers/mparam_registrar.xml) pushes
// parameters in X-MParam headers, in its 200 to our REGISTER and in an OPTIONS from its own
// address. The ones a server may set change; autoanswer, locked by the provisioning profile,
// and apitoken, which a server may never set, do not, each with an error event naming it. A
// stranger's OPTIONS (mparam_stranger.xml, from another port) with X-MParam changes nothing.
func TestIntegrationMParam(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	// -aa: sipp answers the health event's OPTIONS probes that may arrive meanwhile.
	wait := runSippAsync(t, "mparam_registrar.xml", "127.0.0.1:9", "-p", strconv.Itoa(port), "-aa")
	waitSippListening(t, port)
	phonePort := testpeer.FreePort(t, "udp")
	ps, out := loadTestParams(t, kv("serveraddress", fmt.Sprintf("127.0.0.1:%d", port), "username", "1000",
		"password", "pw", "localport", strconv.Itoa(phonePort),
		// why: the stranger's OPTIONS must reach the phone, so that only the x-mparam rule,
		// not the screening of strangers, keeps its parameters out
		"allowdirectcalls", "true"))
	pr, err := ps.ParseProfile("provider.toml", []byte("autoanswer = \"false\"\n\n[locks]\nautoanswer = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.ApplyProfile(pr); err != nil {
		t.Fatal(err)
	}
	apiToken, autoAnswer := ps.Get("apitoken"), ps.Get("autoanswer")
	tp := startPhoneParams(t, ps, out)
	// The registrar's OPTIONS may be handled before the registration is reported: wait for both.
	var registered, pushed bool
	tp.next("registration and voicemailnumber from the registrar's OPTIONS", regTimeout, func(ev control.Event) bool {
		registered = registered || ev.Kind == control.KindRegistration && ev.Registration.Status == control.RegRegistered
		pushed = pushed || ev.Kind == control.KindParameter && ev.Parameter.Name == "voicemailnumber"
		return registered && pushed
	})
	var errs []string
	changed := map[string]string{}
	for _, ev := range tp.seen {
		switch ev.Kind {
		case control.KindError:
			errs = append(errs, ev.Message)
		case control.KindParameter:
			changed[ev.Parameter.Name] = ev.Parameter.Value
		}
	}
	if got := ps.Get("ringtimeout"); got != "33" {
		t.Errorf("ringtimeout %q, want 33 (pushed in the 200 to REGISTER)", got)
	}
	if got := ps.Get("voicemailnumber"); got != "*99" {
		t.Errorf("voicemailnumber %q, want *99 (pushed in the registrar's OPTIONS)", got)
	}
	if got := ps.Get("autoanswer"); got != autoAnswer {
		t.Errorf("autoanswer %q: the locked parameter changed", got)
	}
	if got := ps.Get("apitoken"); got != apiToken {
		t.Errorf("apitoken changed to %q", got)
	}
	if _, ok := changed["autoanswer"]; ok {
		t.Errorf("a parameter event for the locked autoanswer: %v", changed)
	}
	all := strings.Join(errs, "\n")
	for _, want := range []string{`"autoanswer"="true" refused: locked`, `"apitoken"="****" refused`} {
		if !strings.Contains(all, want) {
			t.Errorf("no error event with %q; got:\n%s", want, all)
		}
	}
	if strings.Contains(all, "stolen") {
		t.Errorf("an error event shows the secret value:\n%s", all)
	}

	res := testpeer.RunSipp(t, testpeer.Scenario(t, "mparam_stranger.xml"), fmt.Sprintf("127.0.0.1:%d", phonePort))
	if res.ExitCode != 0 {
		t.Fatalf("stranger sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	if got := ps.Get("voicemailnumber"); got != "*99" {
		t.Errorf("voicemailnumber %q after the stranger's x-mparam, want *99", got)
	}
	if got := ps.Get("ringtimeout"); got != "33" {
		t.Errorf("ringtimeout %q after the stranger's x-mparam, want 33", got)
	}

	if err := tp.p.Unregister(); err != nil {
		t.Fatal(err)
	}
	if r := wait(); r.ExitCode != 0 {
		t.Fatalf("registrar sipp exit %d:\n%s", r.ExitCode, r.Errors)
	}
}
