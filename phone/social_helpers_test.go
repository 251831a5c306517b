package phone_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// socialUsers are the registrar users of the chat/presence/BLF/MWI tests: we are 1000,
// baresip peers 1001-1003.
var socialUsers = map[string]string{
	"1000": "secret1000", "1001": "secret1001", "1002": "secret1002", "1003": "secret1003",
}

// socialTimeout bounds one social exchange (a MESSAGE, a NOTIFY after a PUBLISH).
const socialTimeout = 15 * time.Second

// socialSetup starts kamailio with presence and our phone registered as 1000 with the
// given extra parameters.
func socialSetup(t *testing.T, sets map[string]string) (*testpeer.Kamailio, *testPhone) {
	t.Helper()
	k := testpeer.StartKamailio(t, socialUsers, testpeer.WithPresence())
	base := kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000")
	for key, v := range sets {
		base[key] = v
	}
	tp := startPhone(t, base)
	tp.waitReg(control.RegRegistered, regTimeout)
	k.WaitRegistered(t, "1000", regTimeout)
	return k, tp
}

// socialPeer starts a registered baresip for user with presence and a SIP trace, whose
// contacts (watched and messaged) are the given users at k.
func socialPeer(t *testing.T, k *testpeer.Kamailio, user string, contacts ...string) *testpeer.Baresip {
	t.Helper()
	var uris []string
	for _, c := range contacts {
		uris = append(uris, "sip:"+c+"@"+k.Addr)
	}
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: user, Password: socialUsers[user],
		Registrar: k.Addr, Presence: true, Contacts: uris, SIPTrace: true})
	k.WaitRegistered(t, user, regTimeout)
	return b
}

// isPeer reports whether an event's peer names user: "1001" or a URI of user 1001.
func isPeer(peer, user string) bool {
	return peer == user || strings.HasPrefix(peer, "sip:"+user+"@") || strings.HasPrefix(peer, user+"@")
}

// waitChat waits for a chat event satisfying ok.
func (tp *testPhone) waitChat(what string, timeout time.Duration, ok func(control.Chat) bool) control.Chat {
	tp.t.Helper()
	ev := tp.next("chat "+what, timeout, func(ev control.Event) bool {
		return ev.Kind == control.KindChat && ev.Chat != nil && ok(*ev.Chat)
	})
	return *ev.Chat
}

// waitPresence waits for a presence (kind KindPresence) or BLF (KindBLF) event of user
// with status.
func (tp *testPhone) waitPresence(kind control.Kind, user, status string, timeout time.Duration) control.Event {
	tp.t.Helper()
	return tp.next(string(kind)+" "+user+" "+status, timeout, func(ev control.Event) bool {
		return ev.Kind == kind && ev.Presence != nil && isPeer(ev.Presence.Peer, user) && ev.Presence.Status == status
	})
}

// get reads GET path from the control API and returns the status and body.
func (tp *testPhone) get(path string) (int, []byte) {
	tp.t.Helper()
	return httpGet(tp.t, tp.api.URL+path)
}

// httpGet reads url and returns the status and body.
func httpGet(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res.StatusCode, body
}

// jsonRows decodes an API list answer: a JSON array of objects, or an object holding one
// array of objects (e.g. {"history": [...]}).
func jsonRows(t *testing.T, what string, body []byte) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := json.Unmarshal(body, &rows); err == nil {
		return rows
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		t.Fatalf("%s: not JSON: %v: %.300s", what, err, body)
	}
	for _, raw := range obj {
		if json.Unmarshal(raw, &rows) == nil && len(rows) > 0 {
			return rows
		}
	}
	return nil
}

// field returns the first of names present in row (matched case-insensitively), as text.
func field(row map[string]any, names ...string) string {
	for _, n := range names {
		for k, v := range row {
			if strings.EqualFold(k, n) && v != nil {
				switch x := v.(type) {
				case string:
					return x
				case bool:
					if x {
						return "true"
					}
					return "false"
				default:
					b, _ := json.Marshal(x)
					return string(b)
				}
			}
		}
	}
	return ""
}
