package phone_test

import (
	"database/sql"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
	"softphone/phone/control"
)

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
	bin := phoneproc.Build(t)
	k := testpeer.StartKamailio(t, socialUsers, testpeer.WithPresence())
	b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: socialUsers["1001"],
		Registrar: k.Addr, AutoAnswer: true, Presence: true, SIPTrace: true, Contacts: []string{"sip:1000@" + k.Addr}})
	k.WaitRegistered(t, "1001", regTimeout)
	dbPath := filepath.Join(t.TempDir(), "phone.db")
	sets := []string{"serveraddress=" + k.Addr, "username=1000", "password=secret1000",
		"audioinput=null", "audiooutput=null", "database=" + dbPath}
	registered := func(s control.Status) bool { return s.Registered }
	pp := phoneproc.Start(t, bin, nil, sets...)
	pp.WaitStatus(t, "registered", regTimeout, registered)

	started := time.Now()
	pp.MustPost(t, "call", `{"number":"1001"}`)
	b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
	st := pp.WaitStatus(t, "the call's id", callTimeout, func(s control.Status) bool {
		return len(s.Lines) > 0 && s.Lines[0].CallID != ""
	})
	callID := st.Lines[0].CallID

	const text = "Sent just before the crash, ünïcode"
	if err := b.SendMessage("sip:1000@"+k.Addr, text); err != nil {
		t.Fatal(err)
	}
	b.WaitSIP(t, "200 for the MESSAGE", socialTimeout, func(m testpeer.SIPMessage) bool {
		return m.Received && m.Method == "MESSAGE" && m.Status == 200
	})
	if err := pp.Proc().Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = pp.Proc().Wait(10 * time.Second)
	integrityCheck(t, dbPath)

	pp2 := phoneproc.Start(t, bin, nil, sets...)
	pp2.WaitStatus(t, "registered again", regTimeout, registered)
	code, body, err := pp2.Get("/v1/history")
	if err != nil || code != 200 {
		t.Fatalf("GET /v1/history: %d %s %v", code, body, err)
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
	code, body, err = pp2.Get("/v1/chat?peer=1001")
	if err != nil || code != 200 {
		t.Fatalf("GET /v1/chat: %d %s %v", code, body, err)
	}
	found := false
	for _, r := range jsonRows(t, "GET /v1/chat", body) {
		found = found || field(r, "text") == text
	}
	if !found {
		t.Fatalf("the message received before the crash is lost: %s", body)
	}
	_ = pp2.Proc().Signal(syscall.SIGINT)
	_ = pp2.Proc().Wait(10 * time.Second)
	integrityCheck(t, dbPath)
}
