package phone_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// runSelfTest calls POST /v1/selftest and returns the checks by name.
func runSelfTest(t *testing.T, p *phoneproc.Phone) map[string]control.Check {
	t.Helper()
	out := p.MustPost(t, "selftest", `{}`)
	var st control.SelfTest
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("selftest answer %q: %v", out, err)
	}
	byName := map[string]control.Check{}
	for _, c := range st.Checks {
		t.Logf("%-12s ok=%-5v %s | %s", c.Name, c.OK, c.Detail, c.Advice)
		byName[c.Name] = c
	}
	return byName
}

// wantVerdict fails unless the named check has verdict ok and its detail holds every part.
func wantVerdict(t *testing.T, checks map[string]control.Check, name string, ok bool, parts ...string) {
	t.Helper()
	c, found := checks[name]
	if !found {
		t.Errorf("no %q check", name)
		return
	}
	if c.OK != ok {
		t.Errorf("%s: ok=%v (%s), want %v", name, c.OK, c.Detail, ok)
	}
	for _, s := range parts {
		if !strings.Contains(c.Detail, s) {
			t.Errorf("%s: detail %q does not name %q", name, c.Detail, s)
		}
	}
	if !c.OK && c.Advice == "" {
		t.Errorf("%s failed without advice", name)
	}
}

// TestIntegrationSelfTest runs the pre-shift self-test of a phone process behind the NAT
// router (testpeer.StartNet's PhoneLAN) against Kamailio on the PBX host, and against a
// server address where nothing answers. Against the live PBX every check passes and the NAT
// check names the router's public address; against the dead one the server and registration
// checks fail with advice while the media path and devices still pass. A silent microphone
// is reported as hearing nothing.
func TestIntegrationSelfTest(t *testing.T) {
	bin := phoneproc.Build(t)
	n := testpeer.StartNet(t)
	k := testpeer.StartKamailio(t, users, testpeer.OnHost(n.PBX))
	speech := testpeer.SpeechWAV(t, "testing the microphone, one two three", 16000)
	// why: the test machine has no sound card; a WAV plays the part of the microphone and a
	// file the part of the speaker (what the self-test opens is the configured device).
	devices := []string{"audioinput=file:" + speech, "audiooutput=file:" + filepath.Join(t.TempDir(), "spk.wav")}

	t.Run("live PBX behind NAT", func(t *testing.T) {
		p := phoneproc.Start(t, bin, n.PhoneLAN, append([]string{"serveraddress=" + k.Addr, "username=1000",
			"password=secret1000"}, devices...)...)
		checks := runSelfTest(t, p)
		wantVerdict(t, checks, "server", true, k.Addr, "UDP")
		wantVerdict(t, checks, "packet loss", true, "0 %")
		wantVerdict(t, checks, "nat", true, "behind NAT", testpeer.PhoneRouterIP)
		wantVerdict(t, checks, "registration", true)
		wantVerdict(t, checks, "media path", true, "ms")
		wantVerdict(t, checks, "microphone", true)
		wantVerdict(t, checks, "speaker", true)
	})
	t.Run("dead PBX", func(t *testing.T) {
		dead := n.Stranger.IP + ":5060" // a host where nothing listens for SIP
		p := phoneproc.Start(t, bin, n.PhoneLAN, append([]string{"serveraddress=" + dead, "username=1000",
			"password=secret1000"}, devices...)...)
		start := time.Now()
		checks := runSelfTest(t, p)
		t.Logf("self-test against a dead server took %s", time.Since(start).Round(time.Millisecond))
		wantVerdict(t, checks, "server", false, dead)
		wantVerdict(t, checks, "registration", false)
		wantVerdict(t, checks, "media path", true)
		wantVerdict(t, checks, "speaker", true)
	})
	t.Run("wrong password, silent microphone", func(t *testing.T) {
		p := phoneproc.Start(t, bin, n.PhoneLAN, "serveraddress="+k.Addr, "username=1000", "password=wrong",
			"audioinput=null", "audiooutput=null") // why: null is a microphone that hears nothing
		checks := runSelfTest(t, p)
		wantVerdict(t, checks, "server", true)
		wantVerdict(t, checks, "registration", false, "password")
		wantVerdict(t, checks, "microphone", false, "-96 dBFS")
	})
}
