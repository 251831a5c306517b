package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// secondStart runs the phone binary again as the desktop does for a sip:/tel: link, with the
// first phone's HOME (so the same settings file), and returns its exit code and output.
func secondStart(t *testing.T, bin string, first *phoneproc.Phone, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+first.Home(), "XDG_CONFIG_HOME=", "LANG=en_US.UTF-8")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the second start did not end within 20 s: %s", out)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

// TestIntegrationSecondStartDials: with a phone running, `softphone sip:sipp@127.0.0.1:PORT`
// (what the desktop runs for a link) hands the URI to it and ends at once; the running phone
// places the call and a real sipp UAS answers it. A hostile URI (CR/LF header injection, an
// unknown scheme, an overlong number) is refused by the second start and by the running
// phone, which shows a notice and dials nothing.
func TestIntegrationSecondStartDials(t *testing.T) {
	bin := phoneproc.Build(t)
	port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
	done := make(chan testpeer.SippResult, 1)
	go func() {
		done <- testpeer.RunSipp(t, testpeer.Scenario(t, "uas_answer.xml"), "127.0.0.1:9",
			"-p", strconv.Itoa(port), "-mp", strconv.Itoa(mport), "-mi", "127.0.0.1", "-rtp_echo")
	}()
	testpeer.WaitUDPBound(t, port)
	p := phoneproc.Start(t, bin, nil, "srtp=0") // why: sipp's scripted answer is plain RTP/AVP

	for _, hostile := range []string{
		"sip:sipp@127.0.0.1:" + strconv.Itoa(port) + "\r\nX-Injected: 1",
		"javascript:alert(1)",
		"tel:" + strings.Repeat("1", 300),
	} {
		code, out := secondStart(t, bin, p, hostile)
		t.Logf("second start with %.40q: exit %d: %s", hostile, code, strings.TrimSpace(out))
		if code == 0 || !strings.Contains(out, "refused") {
			t.Errorf("hostile URI %.40q: exit %d, output %q; want a refusal", hostile, code, out)
		}
	}
	if st, err := p.Status(); err != nil || len(st.Lines) != 0 {
		t.Fatalf("after hostile URIs the phone has lines %+v (err %v); want none", st.Lines, err)
	}

	uri := fmt.Sprintf("sip:sipp@127.0.0.1:%d", port)
	code, out := secondStart(t, bin, p, uri)
	if code != 0 || !strings.Contains(out, "handed") {
		t.Fatalf("second start with %s: exit %d: %s", uri, code, out)
	}
	st := p.WaitStatus(t, "the handed-over call connected", 15*time.Second, func(s control.Status) bool {
		return len(s.Lines) == 1 && s.Lines[0].State == control.StateInCall
	})
	t.Logf("running phone: line %d %s with %s", st.Lines[0].Line, st.Lines[0].State, st.Lines[0].Peer)
	p.MustPost(t, "hangup", `{}`)
	res := <-done
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
	if !strings.Contains(res.Logs, "ruri INVITE sip:sipp@127.0.0.1:"+strconv.Itoa(port)) {
		t.Errorf("sipp saw Request-URI %q, want %s", res.Logs, uri)
	}

	// No URI: the running phone is told (it would raise its window) and the second start ends.
	if code, out := secondStart(t, bin, p, "--headless"); code != 0 {
		t.Errorf("second start without a URI: exit %d: %s", code, out)
	}
	if err := p.Proc().Exited(); err != nil {
		t.Fatalf("the first phone ended: %v", err)
	}
}
