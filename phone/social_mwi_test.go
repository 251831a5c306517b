package phone_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// notifyScenario is a sipp client scenario sending one NOTIFY (out of dialog) with the
// given Event and body, expecting the given final status.
const notifyScenario = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="notify">
  <send>
    <![CDATA[
      NOTIFY sip:1000@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:1000@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:1000@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 NOTIFY
      Contact: <sip:voicemail@[local_ip]:[local_port]>
      Max-Forwards: 70
      Event: %s
      Subscription-State: active
      Content-Type: %s
      Content-Length: [len]

%s
    ]]>
  </send>
  <recv response="%d"/>
</scenario>
`

// sendNotify runs sipp with one NOTIFY to the phone at addr and fails the test unless the
// phone answers want.
func sendNotify(t *testing.T, addr, ev, ctype, body string, want int) testpeer.SippResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.xml")
	body = strings.ReplaceAll(body, "\n", "\r\n")
	if err := os.WriteFile(path, []byte(fmt.Sprintf(notifyScenario, ev, ctype, body, want)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := testpeer.RunSipp(t, path, addr)
	if res.ExitCode != 0 {
		t.Fatalf("NOTIFY %s (%q): sipp exit %d, want the phone to answer %d; messages:\n%s",
			ev, body, res.ExitCode, want, res.Messages)
	}
	return res
}

// TestIntegrationSocialMWI: an unsolicited NOTIFY message-summary (sipp) shows up as an
// mwi event and in the status; a malformed body is refused with 400 naming the problem
// and changes nothing; a presence NOTIFY for no subscription gets 481.
func TestIntegrationSocialMWI(t *testing.T) {
	port := fixedSIPPort(t)
	// why: sipp stands in for the registrar's unsolicited NOTIFY but sends from its own port,
	// and over UDP only the registrar's address and port (or allowedsources) may send one.
	_, tp := socialSetup(t, kv("localport", port, "allowedsources", "127.0.0.1"))
	addr := "127.0.0.1:" + port

	sendNotify(t, addr, "message-summary", "application/simple-message-summary",
		"Messages-Waiting: yes\nMessage-Account: sip:*97@127.0.0.1\nVoice-Message: 2/8 (0/2)\n", 200)
	ev := tp.next("mwi waiting 2/8", socialTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindMWI && ev.MWI != nil && ev.MWI.Waiting && ev.MWI.New == 2
	})
	if ev.MWI.Old != 8 || ev.Notification != "MWI,yes,2/8" {
		t.Fatalf("mwi %+v %q, want waiting 2 new 8 old, MWI,yes,2/8", ev.MWI, ev.Notification)
	}
	if st := tp.status(); !st.MWI.Waiting || st.MWI.New != 2 || st.MWI.Old != 8 {
		t.Fatalf("status mwi %+v, want waiting 2/8", st.MWI)
	}

	res := sendNotify(t, addr, "message-summary", "application/simple-message-summary",
		"Messages-Waiting: perhaps\nVoice-Message: two/eight\n", 400)
	if !strings.Contains(res.Messages, "message-summary") {
		t.Errorf("400 reason does not name the message-summary: %s", res.Messages)
	}
	if st := tp.status(); !st.MWI.Waiting || st.MWI.New != 2 || st.MWI.Old != 8 {
		t.Fatalf("status mwi after a malformed NOTIFY %+v, want still waiting 2/8", st.MWI)
	}

	sendNotify(t, addr, "presence", "application/pidf+xml",
		`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:1001@127.0.0.1"/>`, 481)
	sendNotify(t, addr, "dialog", "application/dialog-info+xml",
		`<?xml version="1.0"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:1001@127.0.0.1"/>`, 481)
}
