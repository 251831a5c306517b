package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// guiPhone is the phone binary running with its window on an Xvfb display.
type guiPhone struct {
	t       *testing.T
	cmd     *exec.Cmd
	done    chan struct{}
	log     string // combined stdout and stderr
	api     string // control API base URL
	tokenAt string // the apitoken file the phone makes in its config folder
	stopped bool
}

// startGUIPhone runs bin with skin on display (and session bus, when not empty), the given
// --set parameters and no audio devices. It runs in an empty working folder, so Fyne finds no FyneApp.toml, does not
// see the fyneDo migration and keeps its thread checks on: an off-thread widget change
// logs "Error in Fyne call thread". HOME is a fresh folder whose ALSA default is null.
func startGUIPhone(t *testing.T, bin, display, bus, skin string, sets ...string) *guiPhone {
	t.Helper()
	home, work := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte("pcm.!default { type null }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	api := "127.0.0.1:" + strconv.Itoa(testpeer.FreePort(t, "tcp"))
	sets = append(sets, "skin="+skin, "apiaddress="+api, "audiooutput=null", "ringdevice=null",
		"database="+filepath.Join(home, "phone.db"))
	var args []string
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	p := &guiPhone{t: t, cmd: exec.Command(bin, args...), done: make(chan struct{}),
		log: filepath.Join(t.TempDir(), "phone.log"), api: "http://" + api,
		// The phone's default settings path under HOME (guiEnv drops XDG_CONFIG_HOME).
		tokenAt: filepath.Join(home, ".config", "softphone", "apitoken")}
	logf, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Dir = work
	p.cmd.Env = guiEnv(home, display, bus)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("start phone: %v", err)
	}
	go func() { _ = p.cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(p.stop)
	return p
}

// guiEnv is the test's environment with HOME, DISPLAY and an English locale replaced, the
// test's own D-Bus session when bus is not empty, and no desktop session (D-Bus, XDG
// folders, Wayland) leaking in.
func guiEnv(home, display, bus string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "HOME", name == "DISPLAY", name == "LANG", strings.HasPrefix(name, "LC_"),
			strings.HasPrefix(name, "XDG_"), name == "DBUS_SESSION_BUS_ADDRESS", name == "WAYLAND_DISPLAY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "DISPLAY="+display, "LANG=en_US.UTF-8")
	if bus != "" {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS="+bus)
	}
	return env
}

// stop ends the phone (unregistering first, then SIGTERM, SIGKILL after 5 s) and fails the
// test naming every output line with a Fyne call-thread error or a panic.
func (p *guiPhone) stop() {
	if p.stopped {
		return
	}
	p.stopped = true
	p.unregister()
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
	if bad := badLines(string(mustRead(p.t, p.log))); len(bad) > 0 {
		p.t.Errorf("the phone's output has %d bad lines:\n%s", len(bad), strings.Join(bad, "\n"))
	}
	if p.t.Failed() {
		p.t.Logf("phone output tail:\n%s", p.tail(60))
	}
}

// unregister asks a registered phone to unregister and waits up to 5 s until it has, so
// no registration change reaches the window while Fyne shuts down.
func (p *guiPhone) unregister() {
	if st, err := p.status(); err != nil || !st.Registered {
		return
	}
	res, err := p.do("POST", "/v1/unregister", "{}", 2*time.Second)
	if err != nil {
		return
	}
	res.Body.Close()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if st, err := p.status(); err != nil || !st.Registered {
			return
		}
	}
}

// badLines returns the lines of out that report a Fyne call-thread error, a panic, a fatal
// runtime error or a data race, each with the line after it (Fyne's "From:" caller).
func badLines(out string) []string {
	lines := strings.Split(out, "\n")
	var bad []string
	for i, l := range lines {
		low := strings.ToLower(l)
		if strings.Contains(l, "Error in Fyne call thread") || strings.Contains(low, "panic") ||
			strings.Contains(l, "fatal error:") || strings.Contains(l, "WARNING: DATA RACE") {
			next := ""
			if i+1 < len(lines) {
				next = " | " + strings.TrimSpace(lines[i+1])
			}
			bad = append(bad, strings.TrimSpace(l)+next)
		}
	}
	return bad
}

// status reads GET /v1/status.
func (p *guiPhone) status() (control.Status, error) {
	var st control.Status
	err := p.getJSON("/v1/status", &st)
	return st, err
}

// getJSON decodes the JSON answer to GET path.
func (p *guiPhone) getJSON(path string, v any) error {
	res, err := p.do("GET", path, "", 2*time.Second)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", path, res.StatusCode)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// do sends a control API request with the token the phone keeps in its config folder
// (made at start-up: until it exists, do fails and the pollers try again).
func (p *guiPhone) do(method, path, body string, timeout time.Duration) (*http.Response, error) {
	tok, err := os.ReadFile(p.tokenAt)
	if err != nil {
		return nil, fmt.Errorf("API token: %w", err)
	}
	req, err := http.NewRequest(method, p.api+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(tok)))
	if method == "POST" {
		req.Header.Set("Content-Type", "application/json")
	}
	return (&http.Client{Timeout: timeout}).Do(req)
}

// post calls a control API function and fails the test unless it answers 200.
func (p *guiPhone) post(fn, body string) {
	p.t.Helper()
	res, err := p.do("POST", "/v1/"+fn, body, 5*time.Second)
	if err != nil {
		p.t.Fatalf("POST /v1/%s %s: %v", fn, body, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var e struct{ Error string }
		_ = json.NewDecoder(res.Body).Decode(&e)
		p.t.Fatalf("POST /v1/%s %s: HTTP %d %s", fn, body, res.StatusCode, e.Error)
	}
}

// waitStatus polls GET /v1/status until ok holds, failing the test (with the output's
// tail) if the phone exits or guiTimeout passes.
func (p *guiPhone) waitStatus(what string, ok func(control.Status) bool) control.Status {
	p.t.Helper()
	deadline := time.Now().Add(guiTimeout)
	for {
		st, err := p.status()
		if err == nil && ok(st) {
			return st
		}
		select {
		case <-p.done:
			p.t.Fatalf("phone exited waiting for %s; output:\n%s", what, p.tail(40))
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("phone: no %s within %v (last status %+v, err %v); output:\n%s", what, guiTimeout, st, err, p.tail(40))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitLine waits for an incoming line in state and returns it.
func (p *guiPhone) waitLine(state string) control.Line {
	p.t.Helper()
	match := func(l control.Line) bool { return l.State == state && l.Direction == control.DirectionIncoming }
	st := p.waitStatus("incoming line "+state, func(s control.Status) bool { return slices.ContainsFunc(s.Lines, match) })
	return st.Lines[slices.IndexFunc(st.Lines, match)]
}

// waitChat waits until the conversation with peer (GET /v1/chat) holds text, received.
func (p *guiPhone) waitChat(peer, text string) {
	p.t.Helper()
	p.waitStatus("chat "+strconv.Quote(text)+" from "+peer, func(control.Status) bool {
		var conv struct{ Messages []control.Chat }
		if err := p.getJSON("/v1/chat?peer="+url.QueryEscape(peer), &conv); err != nil {
			return false
		}
		return slices.ContainsFunc(conv.Messages, func(c control.Chat) bool { return c.Incoming && c.Text == text })
	})
}

// tail returns the last n lines of the phone's output.
func (p *guiPhone) tail(n int) string {
	lines := strings.Split(strings.TrimRight(string(mustRead(p.t, p.log)), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
