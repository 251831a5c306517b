package phone_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationCustomHeaderOut: with customsipheader set, a sipp UAS
// (testdata/peers/custom_header_uas.xml) sees the header on our INVITE and on our BYE, with
// the value as given.
func TestIntegrationCustomHeaderOut(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	wait := runSippAsync(t, "custom_header_uas.xml", "127.0.0.1:9", "-p", strconv.Itoa(port))
	waitSippListening(t, port)
	// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
	tp := startPhone(t, kv("srtpsdesplain", "1", "customsipheader", "X-Crm-Id: 42;agent=7"))
	tp.mustPost("call", fmt.Sprintf(`{"number":"sip:sipp@127.0.0.1:%d"}`, port))
	tp.waitLine(control.StateInCall, callTimeout)
	tp.mustPost("hangup", `{}`)
	tp.waitLine(control.StateFinished, callTimeout)
	res := wait()
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d (a request without X-Crm-Id fails check_it):\n%s", res.ExitCode, res.Errors)
	}
	inv, bye := sippLogged(res, "invite"), sippLogged(res, "bye")
	t.Logf("sipp saw: INVITE %s | BYE %s", inv, bye)
	value := func(logged string) string { return strings.TrimSpace(strings.TrimPrefix(logged, "X-Crm-Id:")) }
	if want := "42;agent=7"; value(inv) != want || value(bye) != want {
		t.Errorf("INVITE %q, BYE %q: want %q on both", inv, bye, want)
	}
}

// TestIntegrationCustomHeadersIn: a sipp caller (custom_header_uac.xml) sends X-Ticket and
// X-Queue among other headers; the line info of the call exposes exactly those, in order,
// and names the number dialled (5551234) as the local party.
func TestIntegrationCustomHeadersIn(t *testing.T) {
	port := testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
	tp := startPhone(t, kv("srtpsdesplain", "1", "autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port),
		"username", "agent1"))
	wait := runSippAsync(t, "custom_header_uac.xml", fmt.Sprintf("127.0.0.1:%d", port), "-s", "5551234")
	ringing := tp.waitLine(control.StateRinging, callTimeout)
	if want := "X-Ticket: 4711\r\nX-Queue: sales"; ringing.Headers != want {
		t.Errorf("line headers %q, want %q", ringing.Headers, want)
	}
	// The dialled number (To and Request-URI user), not our username, is the line's local
	// name (TotalVoice's numeroDestino), in the event and in the seed's STATUS line.
	if ringing.Local != "5551234" || !strings.Contains(ringing.StatusLine(), ",5551234,") {
		t.Errorf("line local %q (%s), want the dialled 5551234", ringing.Local, ringing.StatusLine())
	}
	tp.waitLine(control.StateFinished, callTimeout)
	if res := wait(); res.ExitCode != 0 {
		t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
	}
}
