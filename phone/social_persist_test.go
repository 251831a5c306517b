package phone_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"softphone/internal/testpeer"
	"softphone/phone/event"
)

// phoneProcess is the softphone binary running headless as a separate process.
type phoneProcess struct {
	cmd *exec.Cmd
	api string // http://127.0.0.1:port
}

// buildPhone builds ./app into a temp dir and returns the binary's path.
func buildPhone(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "softphone")
	build := exec.Command("go", "build", "-o", bin, "./app")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build ./app: %v\n%s", err, out)
	}
	return bin
}

// runPhone starts the binary headless with sets and waits until its API reports
// registered.
func runPhone(t *testing.T, bin string, sets map[string]string) *phoneProcess {
	t.Helper()
	apiAddr := fmt.Sprintf("127.0.0.1:%d", testpeer.FreePort(t, "tcp"))
	args := []string{"--headless", "--set", "apiaddress=" + apiAddr}
	for k, v := range sets {
		args = append(args, "--set", k+"="+v)
	}
	cmd := exec.Command(bin, args...)
	logPath := filepath.Join(t.TempDir(), "phone.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "LANG=en_US.UTF-8")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pp := &phoneProcess{cmd: cmd, api: "http://" + apiAddr}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
		if t.Failed() {
			data, _ := os.ReadFile(logPath)
			t.Logf("phone process log:\n%s", data)
		}
	})
	deadline := time.Now().Add(regTimeout)
	for {
		var st event.Status
		if res, err := http.Get(pp.api + "/v1/status"); err == nil {
			_ = json.NewDecoder(res.Body).Decode(&st)
			res.Body.Close()
			if st.Registered {
				return pp
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("phone process: not registered through %s within %v", pp.api, regTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// integrityCheck opens the database with SQLite and runs PRAGMA integrity_check.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if res != "ok" {
		t.Fatalf("integrity_check of %s: %q, want ok", path, res)
	}
}

// TestIntegrationSocialNothingLost kills the phone process with SIGKILL in the middle of a
// call and right after it accepted a chat message, restarts it on the same database, and
// finds the call's history row (with its start time) and the message.
func TestIntegrationSocialNothingLost(t *testing.T) {
	bin := buildPhone(t)
	k := testpeer.StartKamailio(t, socialUsers, testpeer.WithPresence())
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: socialUsers["1001"],
		Registrar: k.Addr, AutoAnswer: true, Presence: true, SIPTrace: true, Contacts: []string{"sip:1000@" + k.Addr}})
	k.WaitRegistered(t, "1001", regTimeout)
	dbPath := filepath.Join(t.TempDir(), "phone.db")
	sets := kv("serveraddress", k.Addr, "username", "1000", "password", "secret1000",
		"audioinput", "null", "audiooutput", "null", "database", dbPath)
	pp := runPhone(t, bin, sets)

	started := time.Now()
	res, err := http.Post(pp.api+"/v1/call", "application/json", strings.NewReader(`{"number":"1001"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("call: %v %v", err, res)
	}
	res.Body.Close()
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	code, body := httpGet(t, pp.api+"/v1/status")
	var st event.Status
	if err := json.Unmarshal(body, &st); err != nil || code != 200 || len(st.Lines) == 0 || st.Lines[0].CallID == "" {
		t.Fatalf("status during the call: %d %s", code, body)
	}
	callID := st.Lines[0].CallID

	const text = "Sent just before the crash, ünïcode"
	if err := b.SendMessage("sip:1000@"+k.Addr, text); err != nil {
		t.Fatal(err)
	}
	b.WaitSIP(t, "200 for the MESSAGE", socialTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "MESSAGE" && m.Status == 200
	})
	if err := pp.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = pp.cmd.Wait()
	integrityCheck(t, dbPath)

	pp2 := runPhone(t, bin, sets)
	code, body = httpGet(t, pp2.api+"/v1/history")
	if code != 200 {
		t.Fatalf("GET /v1/history: %d %s", code, body)
	}
	var row map[string]any
	for _, r := range jsonRows(t, "GET /v1/history", body) {
		if field(r, "callid") == callID {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("history has no row for call %s: %s", callID, body)
	}
	start := field(row, "started", "start", "starttime")
	when, err := time.Parse(time.RFC3339Nano, start)
	if err != nil || when.Before(started.Add(-time.Minute)) || when.After(time.Now()) {
		t.Fatalf("history row %v: start %q (%v), want the call's start time", row, start, err)
	}
	code, body = httpGet(t, pp2.api+"/v1/chat?peer=1001")
	if code != 200 {
		t.Fatalf("GET /v1/chat: %d %s", code, body)
	}
	found := false
	for _, r := range jsonRows(t, "GET /v1/chat", body) {
		found = found || field(r, "text") == text
	}
	if !found {
		t.Fatalf("the message received before the crash is lost: %s", body)
	}
	_ = pp2.cmd.Process.Signal(os.Interrupt)
	_ = pp2.cmd.Wait()
	integrityCheck(t, dbPath)
}
