package testpeer

import (
	"strings"
	"testing"
	"time"
)

// presenceUsers are the registrar users of the presence tests.
var presenceUsers = map[string]string{"2000": "pw2000", "2001": "pw2001", "2002": "pw2002", "2003": "pw2003"}

// startSocialPeer starts a registered baresip with presence, watching and
// messaging contacts (user names at k).
func startSocialPeer(t *testing.T, k *Kamailio, user string, contacts ...string) *Baresip {
	t.Helper()
	var uris []string
	for _, c := range contacts {
		uris = append(uris, "sip:"+c+"@"+k.Addr)
	}
	b := StartBaresip(t, BaresipConfig{User: user, Password: presenceUsers[user], Registrar: k.Addr,
		Presence: true, Contacts: uris, SIPTrace: true})
	k.WaitRegistered(t, user, 15*time.Second)
	return b
}

func TestIntegrationKamailioMessageRelay(t *testing.T) {
	k := StartKamailio(t, presenceUsers, WithPresence())
	a := startSocialPeer(t, k, "2000", "2001", "2002")
	b := startSocialPeer(t, k, "2001", "2000")
	const text = "Grüße from 2000"
	if err := a.SendMessage("sip:2001@"+k.Addr, text); err != nil {
		t.Fatal(err)
	}
	got := b.WaitMessage(t, text, 10*time.Second)
	if from := got.Header("From"); !strings.Contains(from, "sip:2000@") {
		t.Fatalf("MESSAGE From %q, want 2000", from)
	}
	// Kamailio challenged the local user, then relayed and returned 200.
	a.WaitSIP(t, "407 for MESSAGE", 10*time.Second, func(m SIPMessage) bool {
		return m.Received && m.Status == 407 && m.Method == "MESSAGE"
	})
	a.WaitSIP(t, "200 for MESSAGE", 10*time.Second, func(m SIPMessage) bool {
		return m.Received && m.Status == 200 && m.Method == "MESSAGE"
	})
	// 2002 is a known user that is not registered: 480.
	if err := a.SendMessage("sip:2002@"+k.Addr, "anyone there?"); err != nil {
		t.Fatal(err)
	}
	a.WaitSIP(t, "480 for MESSAGE to offline user", 10*time.Second, func(m SIPMessage) bool {
		return m.Received && m.Status == 480 && m.Method == "MESSAGE"
	})
	// And the other way round.
	if err := b.SendMessage("sip:2000@"+k.Addr, "reply from 2001"); err != nil {
		t.Fatal(err)
	}
	a.WaitMessage(t, "reply from 2001", 10*time.Second)
}

func TestIntegrationKamailioPresence(t *testing.T) {
	k := StartKamailio(t, presenceUsers, WithPresence())
	a := startSocialPeer(t, k, "2000", "2001")
	b := startSocialPeer(t, k, "2001", "2000")
	bURI := "sip:2001@" + k.Addr
	a.WaitContactStatus(t, bURI, "Online", 10*time.Second)
	k.WaitPresentity(t, "2001", "presence", "basic open", 10*time.Second, func(body string) bool {
		return strings.Contains(body, "<basic>open</basic>")
	})
	if err := b.SetPresence(false); err != nil {
		t.Fatal(err)
	}
	a.WaitContactStatus(t, bURI, "Offline", 10*time.Second)
	k.WaitPresentity(t, "2001", "presence", "basic closed", 10*time.Second, func(body string) bool {
		return strings.Contains(body, "<basic>closed</basic>")
	})
	if err := b.SetPresence(true); err != nil {
		t.Fatal(err)
	}
	a.WaitContactStatus(t, bURI, "Online", 10*time.Second)
}

func TestIntegrationKamailioDialogState(t *testing.T) {
	k := StartKamailio(t, presenceUsers, WithPresence())
	callee := StartBaresip(t, BaresipConfig{User: "2001", Password: presenceUsers["2001"], Registrar: k.Addr})
	caller := StartBaresip(t, BaresipConfig{User: "2003", Password: presenceUsers["2003"], Registrar: k.Addr})
	k.WaitRegistered(t, "2001", 15*time.Second)
	if err := caller.Dial("sip:2001@" + k.Addr); err != nil {
		t.Fatal(err)
	}
	callee.WaitEvent(t, "CALL_INCOMING", 10*time.Second)
	k.WaitPresentity(t, "2001", "dialog", "early dialog", 10*time.Second, func(body string) bool {
		return strings.Contains(body, "<state>early</state>")
	})
	if err := callee.Answer(); err != nil {
		t.Fatal(err)
	}
	caller.WaitEvent(t, "CALL_ESTABLISHED", 10*time.Second)
	k.WaitPresentity(t, "2001", "dialog", "confirmed dialog", 10*time.Second, func(body string) bool {
		return strings.Contains(body, "<state>confirmed</state>")
	})
	if err := caller.Hangup(); err != nil {
		t.Fatal(err)
	}
	callee.WaitEvent(t, "CALL_CLOSED", 10*time.Second)
	k.WaitPresentity(t, "2001", "dialog", "terminated dialog", 10*time.Second, func(body string) bool {
		return strings.Contains(body, "<state>terminated</state>")
	})
}

func TestParsePresentityList(t *testing.T) {
	out := "{\n\tuser: 2000\n\tdomain: 127.0.0.1\n\tevent: presence\n\tbody: <presence>\n  <basic>open</basic>\n</presence>\n\n\thashid: -15\n}\n" +
		"{\n\tuser: 2001\n\tevent: dialog\n\tbody: <dialog-info/>\n\thashid: 3\n}\n{\n\tuser: 2002\n\tevent: presence\n}\n"
	got := ParsePresentityList(out)
	want := []PresentityRecord{
		{User: "2000", Event: "presence", Body: "<presence>\n  <basic>open</basic>\n</presence>"},
		{User: "2001", Event: "dialog", Body: "<dialog-info/>"},
		{User: "2002", Event: "presence"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestParseContacts(t *testing.T) {
	out := "\n--- Contacts (3) ---\n>      \x1b[32mOnline\x1b[;m Contact 1 <sip:1001@127.0.0.1:5060>\n" +
		"      \x1b[31mOffline\x1b[;m Contact 2 <sip:1002@127.0.0.1:5060>\n       \x1b[32mUnknown\x1b[;m Contact 3 <sip:1003@h>\n"
	st, cur := ParseContacts(out)
	if cur != "sip:1001@127.0.0.1:5060" {
		t.Errorf("current %q", cur)
	}
	want := map[string]string{"sip:1001@127.0.0.1:5060": "Online", "sip:1002@127.0.0.1:5060": "Offline", "sip:1003@h": "Unknown"}
	for uri, s := range want {
		if st[uri] != s {
			t.Errorf("%s: %q, want %q", uri, st[uri], s)
		}
	}
	if len(st) != len(want) {
		t.Errorf("got %v", st)
	}
}

func FuzzParsePresentityList(f *testing.F) {
	f.Add("{\n\tuser: 1\n\tevent: presence\n\tbody: <x/>\n\thashid: 1\n}\n")
	f.Add("{\n\tbody: unterminated")
	f.Fuzz(func(t *testing.T, out string) {
		for _, r := range ParsePresentityList(out) {
			if strings.Contains(r.User, "\n") || strings.Contains(r.Event, "\n") {
				t.Fatalf("record %+v spans lines", r)
			}
		}
	})
}

func FuzzParseContacts(f *testing.F) {
	f.Add(">  \x1b[32mOnline\x1b[;m A <sip:1@h>\n")
	f.Add("<>< >")
	f.Fuzz(func(t *testing.T, out string) {
		st, cur := ParseContacts(out)
		if cur != "" {
			if _, ok := st[cur]; !ok && strings.Count(out, "<") < 1 {
				t.Fatalf("current %q without a contact", cur)
			}
		}
	})
}
