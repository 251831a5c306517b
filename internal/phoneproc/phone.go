package phoneproc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// Phone is a phone process and a client of its control API.
type Phone struct {
	proc    *testpeer.Proc
	home    string
	tokenAt string
	http    *http.Client
}

// Start runs bin --headless on host (nil for the test's own namespace) with the parameters
// sets ("name=value"), its control API on a Unix socket in the test's folder, and waits until
// the API answers. HOME is a fresh folder whose ALSA default device is null.
func Start(t testing.TB, bin string, host *testpeer.Host, sets ...string) *Phone {
	t.Helper()
	return StartWith(t, bin, host, Options{}, sets...)
}

// Options are what StartWith can change about how the phone process starts.
type Options struct {
	// Home is the HOME to use ("" for a fresh one): a phone started again in the same Home
	// finds the settings, token and kept provisioning profile of the one before.
	Home string
	// Env adds environment variables ("NAME=value"), e.g. SSL_CERT_FILE for a private CA.
	Env []string
	// Args are more command line arguments, e.g. "--bundle", DIR.
	Args []string
}

// StartWith is Start with Options.
func StartWith(t testing.TB, bin string, host *testpeer.Host, o Options, sets ...string) *Phone {
	t.Helper()
	home := o.Home
	if home == "" {
		home = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte("pcm.!default { type null }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(home, "api.sock")
	args := []string{"--headless", "--set", "apiaddress=unix:" + sock}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	args = append(args, o.Args...)
	p := &Phone{home: home, tokenAt: filepath.Join(home, ".config", "softphone", "apitoken")}
	p.proc = host.Start(t, testpeer.ProcConfig{Name: "phone", Bin: bin, Args: args,
		Env: append([]string{"HOME=" + home, "XDG_CONFIG_HOME=", "LANG=en_US.UTF-8"}, o.Env...)})
	p.http = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := p.Status(); err == nil {
			return p
		} else if err := p.proc.Exited(); err != nil {
			t.Fatalf("phoneproc: the phone ended before its API answered: %v\n%s", err, p.proc.LogTail(40))
		} else if time.Now().After(deadline) {
			t.Fatalf("phoneproc: the phone's API did not answer within 30 s: %v\n%s", err, p.proc.LogTail(40))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// do sends one API request with the token the phone keeps in its config folder.
func (p *Phone) do(method, path string, body []byte) (int, []byte, error) {
	tok, err := os.ReadFile(p.tokenAt)
	if err != nil {
		return 0, nil, fmt.Errorf("API token: %w", err)
	}
	req, err := http.NewRequest(method, "http://localhost"+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(tok)))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := p.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

// Status reads GET /v1/status.
func (p *Phone) Status() (control.Status, error) {
	var st control.Status
	code, body, err := p.do("GET", "/v1/status", nil)
	if err != nil {
		return st, err
	}
	if code != http.StatusOK {
		return st, fmt.Errorf("status: %d %s", code, body)
	}
	return st, json.Unmarshal(body, &st)
}

// Get sends GET path (e.g. "/v1/history") and returns the HTTP status and body.
func (p *Phone) Get(path string) (int, []byte, error) { return p.do("GET", path, nil) }

// Post calls POST /v1/<function> with a JSON body and returns the HTTP status and body.
func (p *Phone) Post(function, body string) (int, string, error) {
	code, out, err := p.do("POST", "/v1/"+function, []byte(body))
	return code, string(out), err
}

// MustPost calls a function that must answer 200.
func (p *Phone) MustPost(t testing.TB, function, body string) string {
	t.Helper()
	code, out, err := p.Post(function, body)
	if err != nil || code != http.StatusOK {
		t.Fatalf("phoneproc: POST /v1/%s %s: %d %s %v\n%s", function, body, code, out, err, p.proc.LogTail(40))
	}
	return out
}

// WaitStatus polls the status until ok holds, failing the test after timeout.
func (p *Phone) WaitStatus(t testing.TB, what string, timeout time.Duration, ok func(control.Status) bool) control.Status {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := p.Status()
		if err == nil && ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("phoneproc: no %s within %v: status %+v, err %v\n%s", what, timeout, st, err, p.proc.LogTail(60))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Proc is the running process (signals, log).
func (p *Phone) Proc() *testpeer.Proc { return p.proc }

// Home is the phone's HOME folder (its settings, token and default database live below it).
func (p *Phone) Home() string { return p.home }
