package httpreq

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// arrived is what the test server saw of one request.
type arrived struct {
	method, path string
	query        url.Values
}

// server starts an HTTP server on loopback that records each request and answers with answer.
func server(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, <-chan arrived) {
	t.Helper()
	got := make(chan arrived, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- arrived{method: r.Method, path: r.URL.EscapedPath(), query: r.URL.Query()}
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func values() Values {
	return Values{
		Words: map[string]string{
			Username: "alice 1", Password: "p&ss=wörd", PinCode: "4711", Phone1: "+3612345",
			Phone2: "+4930 999", CalledNumber: "+44 20 7946", CallbackNr: "+3612345",
			Text: "hello, world & more", ServerAPIKey: "k/ey?",
		},
		Source: map[string]string{Username: "username", Password: "password", CalledNumber: "the number dialled"},
		Salt:   "s4lt",
	}
}

// TestExpandAndGet sends each keyword to a real HTTP server and checks what arrived.
func TestExpandAndGet(t *testing.T) {
	v := values()
	tests := []struct {
		name, template string
		wantPath       string
		wantQuery      map[string]string
	}{
		{"creditrequest", "*/balance/?user=USERNAME&pass=PASSWORD", "/balance/",
			map[string]string{"user": "alice 1", "pass": "p&ss=wörd"}},
		{"ratingrequest", "**/rate?u=USERNAME&nr=CALLEDNUMBER", "/rate",
			map[string]string{"u": "alice 1", "nr": "+44 20 7946"}},
		{"p2p", "*/p2p?a=PHONE1&b=PHONE2&k=SERVERAPIKEY", "/p2p",
			map[string]string{"a": "+3612345", "b": "+4930 999", "k": "k/ey?"}},
		{"callback", "*/cb/USERNAME?back=CALLBACKNR&to=CALLEDNUMBER", "/cb/alice%201",
			map[string]string{"back": "+3612345", "to": "+44 20 7946"}},
		{"sms", "*/sms?to=CALLEDNUMBER&text=TEXT", "/sms",
			map[string]string{"to": "+44 20 7946", "text": "hello, world & more"}},
		{"recharge", "*/recharge?u=USERNAME&pin=PINCODE", "/recharge",
			map[string]string{"u": "alice 1", "pin": "4711"}},
		{"md5", "*/md5?web=MD5WEB&simple=MD5SIMPLE&normal=MD5NORMAL&salt=MD5SALT&sum=MD5CHECKSUM&value=MD5VALUE", "/md5",
			map[string]string{
				"web":    md5hex("C8y5:alice 1:p&ss=wörd:s4lt"),
				"simple": md5hex("alice 1:p&ss=wörd"),
				"normal": md5hex("alice 1:p&ss=wörd:s4lt"),
				"salt":   "s4lt",
				"sum":    md5hex("rD58s:alice 1:p&ss=wörd:s4lt"),
				"value":  md5hex("ck5Gpalice 1p&ss=wörds4lt"),
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, got := server(t, func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("Balance: 12.50 EUR\nmore\n")) })
			tmpl := strings.Replace(tc.template, "/", srv.URL+"/", 1)
			r, err := Expand(tc.name, tmpl, v)
			if err != nil {
				t.Fatal(err)
			}
			if !r.API {
				t.Errorf("API = false for %q", tmpl)
			}
			if strings.Contains(r.Shown, "p%26ss") || strings.Contains(r.Shown, "4711") {
				t.Errorf("Shown %q holds a secret", r.Shown)
			}
			text, err := Client{}.Get(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if text != "Balance: 12.50 EUR" {
				t.Errorf("answer %q", text)
			}
			a := <-got
			if a.method != http.MethodGet || a.path != tc.wantPath {
				t.Errorf("arrived %s %s, want GET %s", a.method, a.path, tc.wantPath)
			}
			for k, want := range tc.wantQuery {
				if g := a.query.Get(k); g != want {
					t.Errorf("query %s = %q, want %q", k, g, want)
				}
			}
			if len(a.query) != len(tc.wantQuery) {
				t.Errorf("query %v has other fields than %v", a.query, tc.wantQuery)
			}
		})
	}
}

// TestExpandLink: a value without * is a link, keywords replaced all the same.
func TestExpandLink(t *testing.T) {
	r, err := Expand("newuser", "https://example.com/signup?ref=USERNAME", values())
	if err != nil {
		t.Fatal(err)
	}
	if r.API || r.URL != "https://example.com/signup?ref=alice+1" {
		t.Errorf("got %+v", r)
	}
}

// TestKeywordWithoutValue: the error names the request, the keyword and where its value comes from.
func TestKeywordWithoutValue(t *testing.T) {
	v := values()
	v.Words[Username] = ""
	for _, tmpl := range []string{"*http://h/x?u=USERNAME", "*http://h/x?m=MD5SIMPLE"} {
		_, err := Expand("creditrequest", tmpl, v)
		var ke *KeywordError
		if !errors.As(err, &ke) {
			t.Fatalf("%s: err = %v, want a KeywordError", tmpl, err)
		}
		if !strings.Contains(err.Error(), "creditrequest") || !strings.Contains(err.Error(), "set username") {
			t.Errorf("%s: %v does not name the request and the parameter", tmpl, err)
		}
	}
}

// TestBadAnswers: a slow, down, failing or garbage-answering endpoint gives an error naming the
// request and its URL, with the password masked.
func TestBadAnswers(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downURL := "http://" + down.Addr().String()
	down.Close() // nothing listens there any more: connection refused

	tests := []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request)
		url    string // instead of the test server's
		want   error
	}{
		{name: "slow", answer: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}, want: ErrTimeout},
		{name: "down", url: downURL},
		{name: "http 500", answer: func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "boom", 500) }, want: ErrRefused},
		{name: "error text", answer: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ERROR: unknown user")) }, want: ErrRefused},
		{name: "binary", answer: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte{0x89, 'P', 'N', 'G', 0, 1, 2}) }, want: ErrGarbage},
		{name: "control chars", answer: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\x00\x01")) }, want: ErrGarbage},
		{name: "empty", answer: func(w http.ResponseWriter, _ *http.Request) {}, want: ErrGarbage},
		{name: "huge", answer: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(strings.Repeat("a", maxAnswer+10))) }, want: ErrGarbage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.url
			if base == "" {
				srv, _ := server(t, tc.answer)
				base = srv.URL
			}
			r, err := Expand("creditrequest", "*"+base+"/b?u=USERNAME&p=PASSWORD", values())
			if err != nil {
				t.Fatal(err)
			}
			// A short timeout so the slow case ends quickly; the phone uses DefaultTimeout.
			_, err = Client{Timeout: 300 * time.Millisecond}.Get(context.Background(), r)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, "creditrequest") || !strings.Contains(msg, base+"/b?u=alice+1&p=****") {
				t.Errorf("error %q does not name the request and its masked URL", msg)
			}
			if strings.Contains(msg, "p%26ss") || strings.Contains(msg, "wörd") {
				t.Errorf("error %q shows the password", msg)
			}
		})
	}
}

// TestHTMLAnswer: tags are removed and the first line of text is the answer.
func TestHTMLAnswer(t *testing.T) {
	got, err := answerText([]byte("<html><head><style>p{}</style></head><body>\n<p>Credit: 3 &amp; 4</p></body></html>"), "text/html")
	if err != nil || got != "Credit: 3 & 4" {
		t.Errorf("got %q, %v", got, err)
	}
}

// FuzzAnswerText: answers from the network never panic and give text without control characters.
func FuzzAnswerText(f *testing.F) {
	f.Add([]byte("Balance: 1"), "text/plain")
	f.Add([]byte("<b>x</b>"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		s, err := answerText(body, ct)
		if err == nil && (s == "" || strings.ContainsAny(s, "\r\n\x00")) {
			t.Errorf("answerText(%q) = %q", body, s)
		}
	})
}
