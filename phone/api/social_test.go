package api

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"softphone/phone/control"
	"softphone/phone/store"
)

// fakeSocial is a controller with the social side, recording what reached it.
type fakeSocial struct {
	fakeController
	contacts []control.Contact
}

func (f *fakeSocial) SendChat(n, m string) error {
	if m == "" {
		return fmt.Errorf("sendchat: the message is empty")
	}
	f.record("chat " + n + " " + m)
	return nil
}
func (f *fakeSocial) CheckPresence(u string) error     { f.record("presence " + u); return nil }
func (f *fakeSocial) SetPresenceStatus(s string) error { f.record("status " + s); return nil }
func (f *fakeSocial) History(h control.HistoryFilter) ([]control.Call, error) {
	f.record(fmt.Sprintf("history %d %v %d", h.Direction, h.MissedOnly, h.Limit))
	return nil, nil
}
func (f *fakeSocial) ExportHistoryCSV(w io.Writer) error {
	_, err := io.WriteString(w, "start,direction,peer\n")
	return err
}
func (f *fakeSocial) Contacts(q string) ([]control.Contact, error) { return f.contacts, nil }
func (f *fakeSocial) SaveContact(c control.Contact) (int64, error) {
	f.contacts = append(f.contacts, c)
	return int64(len(f.contacts)), nil
}
func (f *fakeSocial) DeleteContact(id int64) error {
	if id != 1 {
		return fmt.Errorf("contact %d: %w", id, store.ErrNotFound)
	}
	return nil
}
func (f *fakeSocial) Conversation(p string, l int) ([]control.Message, error) {
	return []control.Message{{Peer: p, Text: "hi", Incoming: true}}, nil
}

func (f *fakeSocial) Conversations() ([]control.ConversationSummary, error) { return nil, nil }
func (f *fakeSocial) ImportVCard(r io.Reader) (int, error) {
	b, _ := io.ReadAll(r)
	if !strings.HasPrefix(string(b), "BEGIN:VCARD") {
		return 0, fmt.Errorf("vcard 1: not a vCard: %w", store.ErrInvalid)
	}
	return strings.Count(string(b), "BEGIN:VCARD"), nil
}
func (f *fakeSocial) ExportVCard(w io.Writer) error {
	_, err := io.WriteString(w, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë\r\nEND:VCARD\r\n")
	return err
}

func TestSocialEndpoints(t *testing.T) {
	soc := &fakeSocial{}
	srv := httptest.NewServer((&Server{ctl: soc}).Handler())
	defer srv.Close()
	do := func(method, path, body string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if method == "POST" {
			req.Header.Set("Content-Type", "application/json")
			if strings.HasSuffix(path, ".vcf") {
				req.Header.Set("Content-Type", "text/vcard; charset=utf-8")
			}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, tc := range []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"POST", "/v1/sendchat", `{"number":"1001","message":"héllo"}`, 200, `"ok":true`},
		{"POST", "/v1/sendchat", `{"number":"1001","message":""}`, 400, "message is empty"},
		{"POST", "/v1/sendchat", `{"number":"1001"}`, 400, `missing argument \"message\"`},
		{"POST", "/v1/checkpresence", `{"users":"1001,1002"}`, 200, `"ok":true`},
		{"POST", "/v1/setpresencestatus", `{"status":"Away"}`, 200, `"ok":true`},
		{"GET", "/v1/history?direction=2&missed=1&limit=5", ``, 200, `"calls":[]`},
		{"GET", "/v1/history?limit=x", ``, 400, `is not a whole number`},
		{"GET", "/v1/history?format=csv", ``, 200, "start,direction,peer"},
		{"POST", "/v1/contacts", `{"Name":"Zoë","Numbers":[{"Value":"1001"}]}`, 200, `"id":1`},
		{"POST", "/v1/contacts", `not json`, 400, "not a contact"},
		{"GET", "/v1/contacts?q=zo", ``, 200, `Zoë`},
		{"DELETE", "/v1/contacts/1", ``, 200, `"ok":true`},
		{"DELETE", "/v1/contacts/7", ``, 404, `not found`},
		{"DELETE", "/v1/contacts/abc", ``, 400, `is not a number`},
		{"GET", "/v1/chat?peer=1001", ``, 200, `"Text":"hi"`},
		{"GET", "/v1/chat", ``, 400, "missing query parameter peer"},
		{"GET", "/v1/contacts.vcf", ``, 200, "FN:Zoë"},
		{"POST", "/v1/contacts.vcf", "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n", 200, `"imported":2`},
		{"POST", "/v1/contacts.vcf", "garbage", 400, "not a vCard"},
	} {
		code, out := do(tc.method, tc.path, tc.body)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("%s %s %s: %d %s; want %d containing %s", tc.method, tc.path, tc.body, code, out, tc.code, tc.want)
		}
	}
	// A controller without the social side answers 501, not a crash.
	plain := httptest.NewServer((&Server{ctl: &fakeController{}}).Handler())
	defer plain.Close()
	res, err := http.Get(plain.URL + "/v1/history")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotImplemented {
		t.Fatalf("history without a store: %d", res.StatusCode)
	}
}
