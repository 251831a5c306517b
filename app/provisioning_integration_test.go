package main

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
	"softphone/phone/provision"
)

// profileHost is a real HTTPS server on loopback serving a provisioning profile and its
// signature; its certificate is written as a CA file for the phone's SSL_CERT_FILE.
type profileHost struct {
	mu        sync.Mutex
	text, sig string
	srv       *httptest.Server
	caFile    string
}

func newProfileHost(t *testing.T) *profileHost {
	h := &profileHost{}
	h.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		switch r.URL.Path {
		case "/kiosk.toml":
			fmt.Fprint(w, h.text)
		case "/kiosk.toml.sig":
			fmt.Fprint(w, h.sig)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(h.srv.Close)
	h.caFile = filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: h.srv.Certificate().Raw})
	if err := os.WriteFile(h.caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *profileHost) serve(text, sig string) {
	h.mu.Lock()
	h.text, h.sig = text, sig
	h.mu.Unlock()
}

// TestIntegrationProvisioning starts the phone with only provisioning (an https URL whose
// server has a private CA, trusted through SSL_CERT_FILE as a system store would be) and
// provisioningkey: the signed profile gives it Kamailio's address and an account, so it
// registers; the locked serveraddress holds against --set on the command line and against
// setparameter (403 naming the lock). Restarted while the server is down, the phone uses the
// kept profile, says so, and registers again. An altered profile is refused with a notice.
func TestIntegrationProvisioning(t *testing.T) {
	bin := phoneproc.Build(t)
	k := testpeer.StartKamailio(t, map[string]string{"1000": "secret1000"})
	priv, pub, err := provision.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	profile := fmt.Sprintf("serveraddress = %q\nusername = \"1000\"\npassword = \"secret1000\"\n[locks]\nserveraddress = true\n", k.Addr)
	sig, err := provision.Sign(priv, []byte(profile))
	if err != nil {
		t.Fatal(err)
	}
	host := newProfileHost(t)
	host.serve(profile, sig)
	home := t.TempDir()
	opts := phoneproc.Options{Home: home, Env: []string{"SSL_CERT_FILE=" + host.caFile}}
	sets := []string{"provisioning=" + host.srv.URL + "/kiosk.toml", "provisioningkey=" + pub,
		"serveraddress=127.0.0.1:9"} // the command line's serveraddress loses to the lock

	p := phoneproc.StartWith(t, bin, nil, opts, sets...)
	p.WaitStatus(t, "registered with the provisioned account", 15*time.Second, func(s control.Status) bool { return s.Registered })
	code, body, err := p.Post("setparameter", `{"name":"serveraddress","value":"127.0.0.1:9"}`)
	if err != nil || code != http.StatusForbidden || !strings.Contains(body, "locked") {
		t.Errorf("setparameter on the locked serveraddress: %d %s %v; want 403 naming the lock", code, body, err)
	}
	if code, body, _ := p.Post("setparameter", `{"name":"displayname","value":"Kiosk 1"}`); code != http.StatusOK {
		t.Errorf("setparameter on an unlocked name: %d %s", code, body)
	}
	p.Proc().Stop()

	// The provisioning server is away: the kept profile is used, and the log says so.
	host.srv.Close()
	p2 := phoneproc.StartWith(t, bin, nil, opts, sets...)
	p2.WaitStatus(t, "registered with the kept profile", 15*time.Second, func(s control.Status) bool { return s.Registered })
	if log := p2.Proc().LogTail(80); !strings.Contains(log, "using the profile kept from") {
		t.Errorf("no notice of the kept profile in the log:\n%s", log)
	}
	p2.Proc().Stop()

	// An altered profile (a different server, same signature) is refused.
	host2 := newProfileHost(t)
	host2.serve(strings.Replace(profile, k.Addr, "127.0.0.1:9", 1), sig)
	sets2 := append([]string{}, sets...)
	sets2[0] = "provisioning=" + host2.srv.URL + "/kiosk.toml"
	p3 := phoneproc.StartWith(t, bin, nil, phoneproc.Options{Home: t.TempDir(), Env: []string{"SSL_CERT_FILE=" + host2.caFile}}, sets2...)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p3.Proc().LogTail(80), "signature") {
		if time.Now().After(deadline) {
			t.Fatalf("no refusal of the altered profile in the log:\n%s", p3.Proc().LogTail(80))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st, _ := p3.Status(); st.Registered {
		t.Error("registered with an altered profile")
	}
}
