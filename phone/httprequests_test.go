package phone_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone"
	"softphone/phone/control"
)

// provider is a provider's HTTP API: a real HTTP server on loopback that records what arrived
// and answers with a fixed text.
type provider struct {
	*httptest.Server
	got chan arrivedReq
}

// arrivedReq is one request the provider saw.
type arrivedReq struct {
	method, path string
	query        url.Values
}

func startProvider(t *testing.T, answer string) *provider {
	t.Helper()
	pr := &provider{got: make(chan arrivedReq, 16)}
	pr.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pr.got <- arrivedReq{method: r.Method, path: r.URL.Path, query: r.URL.Query()}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(answer))
	}))
	t.Cleanup(pr.Close)
	return pr
}

// arrived waits for the next request the provider saw.
func (pr *provider) arrived(t *testing.T) arrivedReq {
	t.Helper()
	select {
	case a := <-pr.got:
		return a
	case <-time.After(15 * time.Second):
		t.Fatal("no request reached the provider's HTTP server")
	}
	return arrivedReq{}
}

// check fails the test unless a is a GET of path with exactly the query fields want.
func (a arrivedReq) check(t *testing.T, path string, want map[string]string) {
	t.Helper()
	if a.method != http.MethodGet || a.path != path {
		t.Errorf("arrived %s %s, want GET %s", a.method, a.path, path)
	}
	for k, v := range want {
		if g := a.query.Get(k); g != v {
			t.Errorf("query %s = %q, want %q (all: %v)", k, g, v, a.query)
		}
	}
	if len(a.query) != len(want) {
		t.Errorf("query %v, want the fields %v", a.query, want)
	}
}

// TestHTTPRequests makes each of the seed's HTTP requests from a phone without a SIP server
// (the requests need none) and checks what reached the provider and what was published.
func TestHTTPRequests(t *testing.T) {
	tests := []struct {
		name     string
		param    string // parameter, its value "*" + server URL + template
		template string
		sets     map[string]string
		do       func(p *phone.Phone) error
		path     string
		query    map[string]string
		kind     control.Kind
		line     string // the published notification
	}{
		{name: "creditrequest", param: "creditrequest", template: "/balance/?user=USERNAME&md5=MD5SIMPLE",
			do:   func(p *phone.Phone) error { _, err := p.Credit(context.Background()); return err },
			path: "/balance/", query: map[string]string{"user": "1000", "md5": md5hex("1000:pw 1&2")},
			kind: control.KindCredit, line: "CREDIT,Balance: 12.50 EUR"},
		{name: "callback places the call", param: "callback", template: "/cb?u=USERNAME&back=CALLBACKNR&to=CALLEDNUMBER&k=SERVERAPIKEY",
			sets: kv("callbacknumber", "+36 1 234 5678", "serverapikey", "k3y"),
			do:   func(p *phone.Phone) error { _, err := p.Call("+44 20 7946 0000"); return err },
			path: "/cb", query: map[string]string{"u": "1000", "back": "+36 1 234 5678", "to": "+44 20 7946 0000", "k": "k3y"},
			kind: control.KindAnswer, line: "ANSWER,Balance: 12.50 EUR"},
		{name: "p2p places the call", param: "p2p", template: "/p2p?a=PHONE1&b=PHONE2",
			sets: kv("callbacknumber", "+3612345678"),
			do:   func(p *phone.Phone) error { _, err := p.Call("+4930999"); return err },
			path: "/p2p", query: map[string]string{"a": "+3612345678", "b": "+4930999"},
			kind: control.KindAnswer, line: "ANSWER,Balance: 12.50 EUR"},
		{name: "sms through chat (chatsms 1)", param: "sms", template: "/sms?from=USERNAME&to=CALLEDNUMBER&text=TEXT",
			sets: kv("chatsms", "1"),
			do:   func(p *phone.Phone) error { return p.SendChat("2000", "hello, world & more") },
			path: "/sms", query: map[string]string{"from": "1000", "to": "2000", "text": "hello, world & more"},
			kind: control.KindAnswer, line: "ANSWER,Balance: 12.50 EUR"},
		{name: "sms through chat to a phone number (chatsms 0)", param: "sms", template: "/sms?to=CALLEDNUMBER&text=TEXT",
			do:   func(p *phone.Phone) error { return p.SendChat("+36301234567", "hi") },
			path: "/sms", query: map[string]string{"to": "+36301234567", "text": "hi"},
			kind: control.KindAnswer, line: "ANSWER,Balance: 12.50 EUR"},
		{name: "recharge", param: "recharge", template: "/recharge?u=USERNAME&pin=PINCODE&salt=MD5SALT",
			do:   func(p *phone.Phone) error { _, err := p.Recharge(context.Background(), "1234-5678"); return err },
			path: "/recharge", query: map[string]string{"u": "1000", "pin": "1234-5678", "salt": "*"},
			kind: control.KindAnswer, line: "ANSWER,Balance: 12.50 EUR"},
		{name: "newuser", param: "newuser", template: "/signup?u=USERNAME&p=PASSWORD&phone=PHONE1",
			do: func(p *phone.Phone) error {
				_, err := p.NewUser(context.Background(), map[string]string{"USERNAME": "new1", "PASSWORD": "s3cret", "PHONE1": "+1555"})
				return err
			},
			path: "/signup", query: map[string]string{"u": "new1", "p": "s3cret", "phone": "+1555"},
			kind: control.KindNewUser, line: "NEWUSER,Balance: 12.50 EUR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := startProvider(t, "Balance: 12.50 EUR\n")
			sets := kv("username", "1000", "password", "pw 1&2", tc.param, "*"+pr.URL+tc.template)
			for k, v := range tc.sets {
				sets[k] = v
			}
			tp := startPhone(t, sets)
			if err := tc.do(tp.p); err != nil {
				t.Fatal(err)
			}
			a := pr.arrived(t)
			if tc.query["salt"] == "*" { // random: present and 16 hex digits
				if s := a.query.Get("salt"); len(s) != 16 {
					t.Errorf("salt %q", s)
				}
				tc.query["salt"] = a.query.Get("salt")
			}
			a.check(t, tc.path, tc.query)
			ev := tp.next(string(tc.kind), 15*time.Second, func(ev control.Event) bool { return ev.Kind == tc.kind })
			if ev.Notification != tc.line || ev.Message != "Balance: 12.50 EUR" {
				t.Errorf("published %q (message %q), want %q", ev.Notification, ev.Message, tc.line)
			}
			if tc.param == "sms" { // a chat message sent as SMS is in the conversation, sent
				tp.next("chat message sent", 15*time.Second, func(ev control.Event) bool {
					return ev.Kind == control.KindChat && ev.Chat.State == "sent" && ev.Chat.Text == tc.query["text"]
				})
			}
		})
	}
}

// TestHTTPLink: a value without * is a link with its keywords replaced, not a request.
func TestHTTPLink(t *testing.T) {
	tp := startPhone(t, kv("username", "1000", "recharge", "https://provider.example/recharge?u=USERNAME"))
	link, err := tp.p.HTTPLink("recharge", nil)
	if err != nil || link != "https://provider.example/recharge?u=1000" {
		t.Fatalf("link %q, %v", link, err)
	}
	if _, err := tp.p.Recharge(context.Background(), "1"); !errors.Is(err, phone.ErrNotConfigured) {
		t.Errorf("Recharge on a link: %v, want ErrNotConfigured", err)
	}
}

// TestHTTPRequestBadInput: an endpoint that is down or answers garbage, and a keyword with no
// value, each give an error event naming the request and its URL (password masked); the phone
// goes on and the next good request works.
func TestHTTPRequestBadInput(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte{0xff, 0xfe, 0, 0, 7})
	}))
	t.Cleanup(garbage.Close)
	tests := []struct {
		name, value string
		sets        map[string]string
		want        []string // in the error and the event
	}{
		{"down", "*" + down + "/b?u=USERNAME&p=PASSWORD", nil,
			[]string{"creditrequest", down + "/b?u=1000&p=****", "cannot reach"}},
		{"garbage", "*" + garbage.URL + "/b?u=USERNAME&p=PASSWORD", nil,
			[]string{"creditrequest", garbage.URL + "/b?u=1000&p=****", "not text"}},
		{"keyword without value", "*" + garbage.URL + "/b?k=SERVERAPIKEY", nil,
			[]string{"creditrequest", "SERVERAPIKEY", "serverapikey"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := startPhone(t, kv("username", "1000", "password", "pw 1&2", "creditrequest", tc.value))
			_, err := tp.p.Credit(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			ev := tp.next("error event", 15*time.Second, func(ev control.Event) bool { return ev.Kind == control.KindError })
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) || !strings.Contains(ev.Notification, w) {
					t.Errorf("error %q / event %q does not hold %q", err, ev.Notification, w)
				}
			}
			for _, s := range []string{err.Error(), ev.Notification} {
				if strings.Contains(s, "pw") || strings.Contains(s, "1%262") {
					t.Errorf("%q shows the password", s)
				}
			}
			// The phone goes on: a good request answers.
			pr := startProvider(t, "Credit 3")
			if err := tp.p.SetParameter("creditrequest", "*"+pr.URL+"/c?u=USERNAME"); err != nil {
				t.Fatal(err)
			}
			if text, err := tp.p.Credit(context.Background()); err != nil || text != "Credit 3" {
				t.Errorf("after the failure: %q, %v", text, err)
			}
		})
	}
}

// TestIntegrationHTTPCreditAndRating: registering to Kamailio asks creditrequest for the
// balance (CREDIT), and dialling a number asks ratingrequest for its rate (RATING) with the
// number being dialled.
func TestIntegrationHTTPCreditAndRating(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	pr := startProvider(t, "0.02 USD/min")
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", users["1000"],
		"creditrequest", "*"+pr.URL+"/credit?u=USERNAME&p=PASSWORD",
		"ratingrequest", "*"+pr.URL+"/rating?u=USERNAME&nr=CALLEDNUMBER"))
	tp.waitReg(control.RegRegistered, regTimeout)
	pr.arrived(t).check(t, "/credit", map[string]string{"u": "1000", "p": users["1000"]})
	ev := tp.next("CREDIT", 15*time.Second, func(ev control.Event) bool { return ev.Kind == control.KindCredit })
	if ev.Notification != "CREDIT,0.02 USD/min" {
		t.Errorf("credit %q", ev.Notification)
	}
	if _, err := tp.p.Call("+15550100"); err != nil {
		t.Fatal(err)
	}
	pr.arrived(t).check(t, "/rating", map[string]string{"u": "1000", "nr": "+15550100"})
	ev = tp.next("RATING", 15*time.Second, func(ev control.Event) bool { return ev.Kind == control.KindRating })
	if ev.Notification != "RATING,0.02 USD/min" {
		t.Errorf("rating %q", ev.Notification)
	}
}

// md5hex is the hex MD5 of s (the seed's MD5SIMPLE is md5(user:password)).
func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestHTTPCallbackAfterRegisterFailed: with a SIP server that cannot be reached (its name does
// not resolve), registering fails and calls go to the callback request instead.
func TestHTTPCallbackAfterRegisterFailed(t *testing.T) {
	pr := startProvider(t, "Calling you back")
	tp := startPhone(t, kv("serveraddress", "no-such-pbx.invalid", "username", "1000", "password", "x",
		"callbacknumber", "+3611111111", "callback", "*"+pr.URL+"/cb?back=CALLBACKNR&to=CALLEDNUMBER"))
	tp.waitReg(control.RegFailed, 30*time.Second)
	line, err := tp.p.Call("+4930123456")
	if err != nil || line != 0 {
		t.Fatalf("Call: line %d, %v; want line 0 (the server calls)", line, err)
	}
	pr.arrived(t).check(t, "/cb", map[string]string{"back": "+3611111111", "to": "+4930123456"})
	ev := tp.next("ANSWER", 15*time.Second, func(ev control.Event) bool { return ev.Kind == control.KindAnswer })
	if ev.Notification != "ANSWER,Calling you back" {
		t.Errorf("answer %q", ev.Notification)
	}
}

// TestHTTPSMSFailed: a chat message sent as SMS to a provider that is down is marked failed
// with the request's error, and the phone goes on.
func TestHTTPSMSFailed(t *testing.T) {
	tp := startPhone(t, kv("chatsms", "1", "sms", "*http://127.0.0.1:9/sms?to=CALLEDNUMBER&text=TEXT"))
	if err := tp.p.SendChat("2000", "hello"); err != nil {
		t.Fatal(err)
	}
	ev := tp.next("chat message failed", 15*time.Second, func(ev control.Event) bool {
		return ev.Kind == control.KindChat && ev.Chat.State == "failed"
	})
	if !strings.Contains(ev.Chat.Reason, "sms http://127.0.0.1:9/sms?to=2000&text=hello") {
		t.Errorf("reason %q does not name the request and its URL", ev.Chat.Reason)
	}
}

// TestHTTPRequestAPI: the control API's httprequest sends a request and answers its text; a
// provider that is down answers 502 naming the request; httplink expands a link.
func TestHTTPRequestAPI(t *testing.T) {
	pr := startProvider(t, "Balance: 7 EUR")
	tp := startPhone(t, kv("username", "1000", "creditrequest", "*"+pr.URL+"/b?u=USERNAME",
		"sms", "*http://127.0.0.1:9/sms?to=CALLEDNUMBER&text=TEXT", "newuser", "https://provider.example/new?ref=USERNAME"))
	if got := tp.mustPost("httprequest", `{"name":"creditrequest"}`); !strings.Contains(got, `"answer":"Balance: 7 EUR"`) {
		t.Errorf("httprequest answered %s", got)
	}
	pr.arrived(t).check(t, "/b", map[string]string{"u": "1000"})
	code, body := tp.post("httprequest", `{"name":"sms","words":{"CALLEDNUMBER":"+3630","TEXT":"hi"}}`)
	if code != 502 || !strings.Contains(body, "sms http://127.0.0.1:9/sms?to=%2B3630") {
		t.Errorf("down provider: %d %s", code, body)
	}
	if got := tp.mustPost("httplink", `{"name":"newuser"}`); !strings.Contains(got, `"link":"https://provider.example/new?ref=1000"`) {
		t.Errorf("httplink answered %s", got)
	}
}
