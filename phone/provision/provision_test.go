package provision

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/phone/params"
)

// profileServer is a real HTTPS server on loopback serving a profile and its signature,
// which the test can change or take down.
type profileServer struct {
	mu        sync.Mutex
	text, sig string
	srv       *httptest.Server
	gets      int
}

func newProfileServer(t *testing.T, text string) *profileServer {
	ps := &profileServer{text: text}
	ps.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		defer ps.mu.Unlock()
		ps.gets++
		switch r.URL.Path {
		case "/p.toml":
			w.Write([]byte(ps.text))
		case "/p.toml.sig":
			if ps.sig == "" {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte(ps.sig))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ps.srv.Close)
	return ps
}

func (s *profileServer) set(text, sig string) {
	s.mu.Lock()
	s.text, s.sig = text, sig
	s.mu.Unlock()
}

func (s *profileServer) url() string { return s.srv.URL + "/p.toml" }

// provisioner is New with the test server's CA trusted (the phone trusts the system store,
// where SSL_CERT_FILE can add a private CA; the app test goes that way).
func provisioner(t *testing.T, ps *params.Params, s *profileServer, dir string) *Provisioner {
	p := New(ps, dir)
	p.client = s.srv.Client()
	return p
}

const profile1 = "serveraddress = \"pbx.example.com\"\nusername = \"1000\"\n[locks]\nserveraddress = true\n"

func TestRunAppliesAndKeeps(t *testing.T) {
	srv := newProfileServer(t, profile1)
	dir := t.TempDir()
	ps := params.Standard()
	_ = ps.Set("provisioning", srv.url(), params.CommandLine)
	_ = ps.Set("serveraddress", "user.example", params.CommandLine)
	o := provisioner(t, ps, srv, dir).Run(context.Background())
	if o.Err != nil || !o.Applied || o.FromCache {
		t.Fatalf("outcome %+v", o)
	}
	if ps.Get("serveraddress") != "pbx.example.com" || !ps.Locked("serveraddress") || ps.Get("username") != "1000" {
		t.Errorf("serveraddress %q locked %v username %q", ps.Get("serveraddress"), ps.Locked("serveraddress"), ps.Get("username"))
	}

	// The server goes away: a restarted phone uses the kept profile and says so.
	srv.srv.Close()
	ps2 := params.Standard()
	_ = ps2.Set("provisioning", srv.url(), params.CommandLine)
	o = provisioner(t, ps2, srv, dir).Run(context.Background())
	if !o.Applied || !o.FromCache || o.Err == nil || ps2.Get("serveraddress") != "pbx.example.com" {
		t.Fatalf("server down: outcome %+v, serveraddress %q", o, ps2.Get("serveraddress"))
	}
	if m := o.Message(); !strings.Contains(m, "provisioning server") || !strings.Contains(m, "kept from") {
		t.Errorf("message %q", m)
	}
}

func TestRunSigned(t *testing.T) {
	priv, pub, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	otherPriv, _, _ := NewKey()
	sig, _ := Sign(priv, []byte(profile1))
	srv := newProfileServer(t, profile1)
	srv.set(profile1, sig)
	ps := params.Standard()
	_ = ps.Set("provisioning", srv.url(), params.ConfigFile)
	if err := ps.Set("provisioningkey", pub, params.ConfigFile); err != nil {
		t.Fatal(err)
	}
	p := provisioner(t, ps, srv, t.TempDir())
	if o := p.Run(context.Background()); o.Err != nil || !o.Applied {
		t.Fatalf("signed profile: %+v", o)
	}
	altered := strings.Replace(profile1, "pbx.example.com", "evil.example.com", 1)
	otherSig, _ := Sign(otherPriv, []byte(altered))
	for name, c := range map[string][2]string{
		"altered":     {altered, sig},
		"another key": {altered, otherSig},
		"unsigned":    {altered, ""},
		"garbage sig": {altered, "not base64!"},
	} {
		srv.set(c[0], c[1])
		o := p.Run(context.Background())
		if o.Err == nil || !strings.Contains(o.Err.Error(), "signature") {
			t.Errorf("%s: outcome %+v, want a signature refusal", name, o)
		}
		if ps.Get("serveraddress") != "pbx.example.com" {
			t.Errorf("%s: serveraddress %q: the refused profile was applied", name, ps.Get("serveraddress"))
		}
	}
}

func TestRunBadProfiles(t *testing.T) {
	srv := newProfileServer(t, "")
	for text, want := range map[string]string{
		"this is not = = toml":                      "not TOML",
		"nosuchkey = \"1\"":                         "nosuchkey",
		"[locks]\nserveraddress = \"definitely\"\n": "a lock is true or false",
		"registerexpires = 1":                       "registerexpires",
	} {
		srv.set(text, "")
		ps := params.Standard()
		_ = ps.Set("provisioning", srv.url(), params.ConfigFile)
		_ = ps.Set("username", "mine", params.ConfigFile)
		o := provisioner(t, ps, srv, t.TempDir()).Run(context.Background())
		if o.Err == nil || !strings.Contains(o.Err.Error(), want) || o.Applied {
			t.Errorf("profile %q: outcome %+v, want an error naming %q", text, o, want)
		}
		if ps.Get("username") != "mine" {
			t.Errorf("profile %q: the settings changed", text)
		}
	}
}

// TestEveryAppliesNewProfile: with provisioninginterval set, a changed profile on the server
// is applied at the next round.
func TestEveryAppliesNewProfile(t *testing.T) {
	srv := newProfileServer(t, profile1)
	ps := params.Standard()
	_ = ps.Set("provisioning", srv.url(), params.ConfigFile)
	_ = ps.Set("provisioninginterval", "1", params.ConfigFile)
	p := provisioner(t, ps, srv, t.TempDir())
	if o := p.Run(context.Background()); o.Err != nil {
		t.Fatal(o.Err)
	}
	srv.set("serveraddress = \"new.example.com\"\n", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outcomes := make(chan Outcome, 10)
	go p.Every(ctx, func(o Outcome) { outcomes <- o })
	deadline := time.After(10 * time.Second)
	for ps.Get("serveraddress") != "new.example.com" {
		select {
		case o := <-outcomes:
			if o.Err != nil {
				t.Fatalf("round: %v", o.Err)
			}
		case <-deadline:
			t.Fatalf("the new profile was not applied within 10 s (serveraddress %q)", ps.Get("serveraddress"))
		}
	}
	if ps.Locked("serveraddress") {
		t.Error("the new profile has no locks, yet serveraddress is still locked")
	}
}

func TestFetchRefusesPlainHTTP(t *testing.T) {
	if _, err := fetch(context.Background(), http.DefaultClient, "http://127.0.0.1:1/p.toml"); err == nil {
		t.Error("plain http fetched")
	}
	if _, err := fetch(context.Background(), http.DefaultClient, "/nonexistent/profile.toml"); err == nil || !strings.Contains(err.Error(), "provisioning file") {
		t.Errorf("missing file: %v", err)
	}
}
