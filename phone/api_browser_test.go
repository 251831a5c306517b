package phone_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"softphone/phone/api"
)

// TestBrowserRequestsChangeNothing sends a real phone the requests a hostile web page can
// make (proof item 6): each is refused with 403, no line is dialled, displayname is unchanged;
// the same function from an allowed origin, with the token, works.
func TestBrowserRequestsChangeNothing(t *testing.T) {
	tp := startPhone(t, kv("displayname", "Desk 1000"))
	const token = "t0ken"
	srv := httptest.NewServer(api.NewHandler(tp.p, api.Config{Token: token,
		AllowedOrigins: []string{"https://crm.example.com"}}))
	defer srv.Close()
	send := func(method, path, body, host string, hdr ...string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if host != "" {
			req.Host = host
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// fetch('http://127.0.0.1:PORT/v1/call', {method:'POST', mode:'no-cors', body:'{"number":"1001"}'})
	noCORS := []string{"Content-Type", "text/plain;charset=UTF-8", "Origin", "http://evil.example",
		"Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Site", "cross-site"}
	if code, out := send("POST", "/v1/call", `{"number":"1001"}`, "", noCORS...); code != 403 {
		t.Errorf("no-cors call from evil.example: %d %s, want 403", code, out)
	}
	if code, out := send("POST", "/v1/setparameter", `{"name":"displayname","value":"pwned"}`, "", noCORS...); code != 403 {
		t.Errorf("no-cors setparameter from evil.example: %d %s, want 403", code, out)
	}
	// A DNS-rebinding page: same origin for the browser, Host names the attacker's domain.
	for _, path := range []string{"/v1/status", "/v1/history", "/v1/chat?peer=1001"} {
		if code, out := send("GET", path, "", "evil.example:18090", "Authorization", "Bearer "+token); code != 403 {
			t.Errorf("rebinding GET %s: %d %s, want 403", path, code, out)
		}
	}
	if n := len(tp.p.Status().Lines); n != 0 {
		t.Errorf("%d lines after the refused requests", n)
	}
	if v, _ := tp.p.GetParameter("displayname"); v != "Desk 1000" {
		t.Errorf("displayname = %q after the refused requests", v)
	}
	code, out := send("POST", "/v1/setparameter", `{"name":"displayname","value":"Front desk"}`, "",
		"Origin", "https://crm.example.com", "Content-Type", "application/json", "Authorization", "Bearer "+token)
	if v, _ := tp.p.GetParameter("displayname"); code != 200 || v != "Front desk" {
		t.Errorf("setparameter from the allowed origin: %d %s, displayname %q", code, out, v)
	}
}
