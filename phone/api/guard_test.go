package api

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testToken = "s3cret"

// browserRequest is one request as a browser would send it.
type browserRequest struct {
	name               string
	method, path, body string
	host               string // Host header; "" keeps the server's 127.0.0.1:port
	header             map[string]string
	code               int
	wantCORS           bool   // Access-Control-Allow-Origin expected
	want               string // substring of the answer
	call               string // the controller call expected; "" for none
}

// noCORS are the headers Chrome sends on fetch(url, {method:'POST', mode:'no-cors', body}) from
// a page at http://evil.example: a "simple" request, sent without a preflight.
var noCORS = map[string]string{
	"Content-Type":   "text/plain;charset=UTF-8",
	"Origin":         "http://evil.example",
	"Sec-Fetch-Mode": "no-cors",
	"Sec-Fetch-Site": "cross-site",
	"Sec-Fetch-Dest": "empty",
	"Referer":        "http://evil.example/",
}

func with(base map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(m, kv[i])
		} else {
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

func TestBrowserRequestsRefused(t *testing.T) {
	ctl := &fakeController{}
	srv := httptest.NewServer((&Server{ctl: ctl, cfg: Config{Token: testToken, Addr: "127.0.0.1:18090",
		AllowedOrigins: []string{"https://crm.example.com"}}}).Handler())
	defer srv.Close()
	bearer := "Bearer " + testToken
	json := "application/json"
	for _, tc := range []browserRequest{
		{name: "no-cors POST /v1/call from a web page", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: noCORS, code: 403, want: `Origin \"http://evil.example\" is not in apiallowedorigins`},
		{name: "the same carrying the token", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: with(noCORS, "Authorization", bearer), code: 403, want: "apiallowedorigins"},
		{name: "setparameter displayname from a web page", method: "POST", path: "/v1/setparameter",
			body: `{"name":"displayname","value":"pwned"}`, header: noCORS, code: 403, want: "apiallowedorigins"},
		{name: "setparameter from evil origin as JSON with the token", method: "POST", path: "/v1/setparameter",
			body:   `{"name":"displayname","value":"pwned"}`,
			header: map[string]string{"Origin": "http://evil.example", "Content-Type": json, "Authorization": bearer},
			code:   403, want: "apiallowedorigins"},
		{name: "preflight from evil origin", method: "OPTIONS", path: "/v1/call",
			header: map[string]string{"Origin": "http://evil.example", "Access-Control-Request-Method": "POST",
				"Access-Control-Request-Headers": "authorization,content-type"}, code: 403},
		{name: "DNS rebinding GET /v1/status", method: "GET", path: "/v1/status", host: "evil.example:18090",
			header: map[string]string{"Authorization": bearer}, code: 403, want: `Host \"evil.example:18090\"`},
		{name: "DNS rebinding GET /v1/history", method: "GET", path: "/v1/history", host: "evil.example:18090",
			header: map[string]string{"Sec-Fetch-Site": "same-origin"}, code: 403, want: "DNS rebinding"},
		{name: "DNS rebinding POST (same origin for the page)", method: "POST", path: "/v1/call", host: "evil.example:18090",
			body: `{"number":"1001"}`, header: map[string]string{"Origin": "http://evil.example:18090", "Content-Type": json},
			code: 403},
		{name: "text/plain without Origin", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: map[string]string{"Content-Type": "text/plain", "Authorization": bearer}, code: 403,
			want: `Content-Type \"text/plain\" is not application/json`},
		{name: "form post", method: "POST", path: "/v1/hangup", body: `a=b`,
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Authorization": bearer}, code: 403},
		{name: "POST without a body type", method: "POST", path: "/v1/hangup",
			header: map[string]string{"Authorization": bearer}, code: 403, want: "Content-Type"},
		{name: "cross-site without Origin", method: "GET", path: "/v1/status",
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Authorization": bearer}, code: 403},
		{name: "Origin null (sandboxed frame, file:)", method: "POST", path: "/v1/call", body: `{"number":"1"}`,
			header: map[string]string{"Origin": "null", "Content-Type": json, "Authorization": bearer}, code: 403},
		{name: "no token", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: map[string]string{"Content-Type": json}, code: 401, want: "token"},

		{name: "preflight from the allowed origin", method: "OPTIONS", path: "/v1/call",
			header: map[string]string{"Origin": "https://crm.example.com", "Access-Control-Request-Method": "POST",
				"Access-Control-Request-Headers": "authorization,content-type"}, code: 204, wantCORS: true},
		{name: "call from the allowed origin", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: map[string]string{"Origin": "https://crm.example.com", "Content-Type": "application/json; charset=utf-8",
				"Authorization": bearer, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"},
			code: 200, wantCORS: true, call: "call 1001"},
		{name: "allowed origin without the token", method: "POST", path: "/v1/call", body: `{"number":"1001"}`,
			header: map[string]string{"Origin": "https://crm.example.com", "Content-Type": json}, code: 401, wantCORS: true},
		{name: "a script (no Origin)", method: "POST", path: "/v1/setparameter", body: `{"name":"displayname","value":"Ann"}`,
			header: map[string]string{"Content-Type": json, "Authorization": bearer}, code: 200, call: "set displayname=Ann"},
		{name: "Host localhost", method: "GET", path: "/v1/status", host: "localhost:18090",
			header: map[string]string{"Authorization": bearer}, code: 200},
		{name: "Host ::1", method: "GET", path: "/v1/status", host: "[::1]:18090",
			header: map[string]string{"Authorization": bearer}, code: 200},
		{name: "Host 127.0.0.2", method: "GET", path: "/v1/status", host: "127.0.0.2",
			header: map[string]string{"Authorization": bearer}, code: 200},
		{name: "Host localhost.evil.example", method: "GET", path: "/v1/status", host: "localhost.evil.example:18090",
			header: map[string]string{"Authorization": bearer}, code: 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctl.mu.Lock()
			ctl.calls = nil
			ctl.mu.Unlock()
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, body)
			if tc.host != "" {
				req.Host = tc.host
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.code || !strings.Contains(string(out), tc.want) {
				t.Errorf("%d %s; want %d containing %s", res.StatusCode, out, tc.code, tc.want)
			}
			if res.StatusCode == 403 && !strings.Contains(string(out), `"error":"request refused: `) {
				t.Errorf("403 answer %s does not name the problem as {\"error\": ...}", out)
			}
			if got := res.Header.Get("Access-Control-Allow-Origin"); (got != "") != tc.wantCORS {
				t.Errorf("Access-Control-Allow-Origin = %q, want present=%v", got, tc.wantCORS)
			}
			ctl.mu.Lock()
			calls := ctl.calls
			ctl.mu.Unlock()
			if tc.call == "" && len(calls) > 0 || tc.call != "" && (len(calls) != 1 || calls[0] != tc.call) {
				t.Errorf("controller calls %v, want %q", calls, tc.call)
			}
		})
	}
}

func TestAllowAnyOrigin(t *testing.T) {
	s := &Server{cfg: Config{AllowedOrigins: []string{"*"}}}
	if !s.originAllowed("http://whatever.example:8080") {
		t.Fatal(`"*" does not allow every origin`)
	}
	s = &Server{cfg: Config{AllowedOrigins: []string{"https://CRM.example.com/"}}}
	if !s.originAllowed("https://crm.example.com") || s.originAllowed("http://crm.example.com") ||
		s.originAllowed("https://crm.example.com:8443") {
		t.Fatal("origin match is not scheme://host[:port], case-insensitive")
	}
}

func TestHostWithRemoteAPI(t *testing.T) {
	s := &Server{cfg: Config{Addr: "0.0.0.0:18090", AllowRemote: true}}
	for host, want := range map[string]bool{"192.0.2.7:18090": true, "[2001:db8::1]:18090": true,
		"evil.example:18090": false, "localhost": true} {
		if got := s.hostAllowed(host); got != want {
			t.Errorf("hostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
	s = &Server{cfg: Config{Addr: "phone.lan:18090", AllowRemote: true}}
	if !s.hostAllowed("PHONE.lan:18090") || s.hostAllowed("192.0.2.7:18090") {
		t.Error("the configured host name is the only other name allowed")
	}
}

func TestUnixSocket(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "api.sock")
	// A stale socket from an earlier run (its listener gone, the file left behind).
	stale, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()
	ctl := &fakeController{}
	s, err := Listen(ctl, Config{Addr: "unix:" + path, Token: testToken})
	if err != nil {
		t.Fatalf("listen over a stale socket: %v", err)
	}
	defer s.Close()
	if s.Addr() != "unix:"+path {
		t.Errorf("Addr() = %q", s.Addr())
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode: %v %v, want 0600", fi.Mode(), err)
	}
	if _, err := Listen(ctl, Config{Addr: "unix:" + path, Token: testToken}); err == nil || !strings.Contains(err.Error(), "listening") {
		t.Fatalf("second listener on a live socket: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", path)
	}}}
	do := func(auth string) int {
		// curl --unix-socket sends Host: localhost; other tools send anything: not checked here.
		req, _ := http.NewRequest("POST", "http://phone.sock/v1/call", strings.NewReader(`{"number":"1001"}`))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := do(""); code != 401 {
		t.Errorf("unix socket without token: %d, want 401", code)
	}
	if code := do("Bearer " + testToken); code != 200 || len(ctl.calls) != 1 {
		t.Errorf("unix socket with token: %d, calls %v", code, ctl.calls)
	}
	notSock := filepath.Join(dir, "file")
	os.WriteFile(notSock, []byte("keep me"), 0o600)
	if _, err := Listen(ctl, Config{Addr: "unix:" + notSock, Token: testToken}); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Fatalf("listen on a regular file: %v", err)
	}
	if b, _ := os.ReadFile(notSock); string(b) != "keep me" {
		t.Fatal("a regular file in the socket's place was touched")
	}
}

func TestTokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "softphone", TokenFileName)
	tok, err := LoadOrCreateToken(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 64 {
		t.Fatalf("token %q: want 64 hex digits", tok)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file mode %v %v, want 0600", fi.Mode(), err)
	}
	again, err := LoadOrCreateToken(path)
	if err != nil || again != tok {
		t.Fatalf("second start: %q %v, want the same token", again, err)
	}
	os.Chmod(path, 0o644)
	if again, err = LoadOrCreateToken(path); err != nil || again != tok {
		t.Fatalf("after chmod 644: %q %v", again, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("a token file readable by others was left %v", fi.Mode())
	}
	os.WriteFile(path, []byte("\n"), 0o600)
	if _, err := LoadOrCreateToken(path); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("empty token file: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("temp files left beside the token: %v", entries)
	}
}
