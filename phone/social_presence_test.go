package phone_test

import (
	"softphone/internal/testpeer"
	"strings"
	"testing"

	"softphone/phone/control"
)

// TestIntegrationSocialPresence: we see baresip's status change (PUBLISH by baresip,
// NOTIFY from kamailio), and baresip sees ours Online -> Away -> Offline (our PUBLISH,
// checked in baresip's contact list and in kamailio's presentity).
func TestIntegrationSocialPresence(t *testing.T) {
	k, tp := socialSetup(t, kv("presence", "1001"))
	b := socialPeer(t, k, "1001", "1000")
	ourURI := "sip:1000@" + k.Addr
	defer func() { // what kamailio holds for 1001 and what baresip published, on failure
		if !t.Failed() {
			return
		}
		t.Logf("kamailio presentity of 1001: %q", k.Presentity(t, "1001", "presence"))
		for _, m := range b.SIPMessages() {
			if m.Method == "PUBLISH" {
				t.Logf("baresip %s (received %v) %s\n%s", m.StartLine, m.Received, m.Header("SIP-If-Match")+m.Header("SIP-ETag"), m.Body)
			}
		}
	}()

	tp.waitPresence(control.KindPresence, "1001", "Online", socialTimeout)
	// baresip refreshes a publication with SIP-If-Match only once the 200 to the previous
	// PUBLISH has given it the ETag; a status change before that starts a second publication,
	// and kamailio then aggregates the stale open one with the new closed one.
	published := waitPublishOK(t, b, 0)
	if err := b.SetPresence(false); err != nil {
		t.Fatal(err)
	}
	waitPublishOK(t, b, published)
	// Under load baresip sometimes starts a second publication at start-up (a PUBLISH sent
	// before the 200 to the first); the open one it no longer refreshes stays until it
	// expires, and kamailio rightly aggregates it as open. The phone must show what the
	// server says, so Offline is expected only when kamailio holds no open tuple.
	if stale := openPublications(k.Presentity(t, "1001", "presence")); stale > 0 {
		t.Logf("kamailio still aggregates %d stale open publication(s) from baresip's start-up; "+
			"it says Online, so Offline cannot be seen in this run", stale)
		tp.waitPresence(control.KindPresence, "1001", "Online", socialTimeout)
	} else {
		ev := tp.waitPresence(control.KindPresence, "1001", "Offline", socialTimeout)
		if !strings.HasPrefix(ev.Notification, "PRESENCE,") || !strings.HasSuffix(ev.Notification, ",Offline") {
			t.Errorf("notification %q, want PRESENCE,1001,Offline", ev.Notification)
		}
	}
	if err := b.SetPresence(true); err != nil {
		t.Fatal(err)
	}
	tp.waitPresence(control.KindPresence, "1001", "Online", socialTimeout)

	// Ours, as baresip and kamailio see it.
	b.WaitContactStatus(t, ourURI, "Online", socialTimeout)
	tp.mustPost("setpresencestatus", `{"status":"Away"}`)
	k.WaitPresentity(t, "1000", "presence", "an away PIDF", socialTimeout, func(body string) bool {
		return strings.Contains(body, "away") && strings.Contains(body, "<basic>open</basic>") ||
			strings.Contains(body, "away") && strings.Contains(body, ":basic>open<")
	})
	defer func() { // what baresip was told, when it did not show our status
		if !t.Failed() {
			return
		}
		for _, m := range b.SIPMessages() {
			if m.Method == "NOTIFY" && m.Received {
				t.Logf("NOTIFY %s\n%s", m.Header("Subscription-State"), m.Body)
			}
		}
	}()
	// baresip 1.0 receives the NOTIFY carrying our away activity but its contact list keeps
	// showing the previous status, so what it was told is checked in its SIP trace.
	b.WaitSIP(t, "NOTIFY with our away status", socialTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "NOTIFY" && strings.Contains(m.Body, "<rpid:away/>") &&
			strings.Contains(m.Body, "<basic>open</basic>") && strings.Contains(m.Body, "sip:1000@")
	})
	tp.mustPost("setpresencestatus", `{"status":"Offline"}`)
	b.WaitContactStatus(t, ourURI, "Offline", socialTimeout)

	// A status the seed does not know is refused, naming it.
	code, out := tp.post("setpresencestatus", `{"status":"Sleeping"}`)
	if code != 400 || !strings.Contains(out, "Sleeping") {
		t.Errorf("setpresencestatus Sleeping: %d %s, want 400 naming the status", code, out)
	}
}

// TestIntegrationSocialCheckPresence subscribes on demand (checkpresence) to a user not in
// the presence parameter.
func TestIntegrationSocialCheckPresence(t *testing.T) {
	k, tp := socialSetup(t, nil)
	b := socialPeer(t, k, "1002", "1000")
	if err := b.SetPresence(false); err != nil {
		t.Fatal(err)
	}
	k.WaitPresentity(t, "1002", "presence", "closed", socialTimeout, func(body string) bool {
		return strings.Contains(body, "<basic>closed</basic>")
	})
	tp.mustPost("checkpresence", `{"users":"1002"}`)
	tp.waitPresence(control.KindPresence, "1002", "Offline", socialTimeout)
}

// TestIntegrationSocialBLF: a third baresip calling baresip 1001 shows ringing, then busy,
// then idle for 1001 in our events (dialog-info that kamailio publishes for the calls it
// proxies).
func TestIntegrationSocialBLF(t *testing.T) {
	k, tp := socialSetup(t, kv("blf", "1001"))
	callee := socialPeer(t, k, "1001")
	caller := socialPeer(t, k, "1003")
	if err := caller.Dial("sip:1001@" + k.Addr); err != nil {
		t.Fatal(err)
	}
	callee.WaitEvent(t, "CALL_INCOMING", callTimeout)
	ev := tp.waitPresence(control.KindBLF, "1001", "ringing", socialTimeout)
	if !strings.HasPrefix(ev.Notification, "BLF,") || !strings.HasSuffix(ev.Notification, ",ringing") {
		t.Errorf("notification %q, want BLF,1001,ringing", ev.Notification)
	}
	if err := callee.Answer(); err != nil {
		t.Fatal(err)
	}
	caller.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	tp.waitPresence(control.KindBLF, "1001", "busy", socialTimeout)
	if err := caller.Hangup(); err != nil {
		t.Fatal(err)
	}
	callee.WaitEvent(t, "CALL_CLOSED", callTimeout)
	tp.waitPresence(control.KindBLF, "1001", "idle", socialTimeout)
}

// waitPublishOK waits until baresip has received a 2xx to a PUBLISH at or after trace index
// from, and returns the index after it.
func waitPublishOK(t *testing.T, b *testpeer.Baresip, from int) int {
	t.Helper()
	m := b.WaitSIPFrom(t, "2xx to its PUBLISH", from, socialTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "PUBLISH" && m.Status >= 200 && m.Status < 300
	})
	for i, got := range b.SIPMessages() {
		if i >= from && got.StartLine == m.StartLine && got.Method == m.Method && got.Header("CSeq") == m.Header("CSeq") {
			return i + 1
		}
	}
	return len(b.SIPMessages())
}

// openPublications counts the presentity bodies whose basic status is open.
func openPublications(bodies []string) int {
	n := 0
	for _, b := range bodies {
		if strings.Contains(b, "<basic>open</basic>") {
			n++
		}
	}
	return n
}
