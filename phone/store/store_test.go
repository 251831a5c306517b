package store

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"softphone/phone/control"
)

// fakeClock returns a clock that advances one second per call from a fixed
// start, so timestamps are distinct and predictable.
func fakeClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "phone.db"), WithClock(fakeClock()))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenCreatesFolderAndMigrates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "phone.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("folder mode = %o, want 700", got)
	}
	v, err := s.SchemaVersion()
	if err != nil || v != len(schema()) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(schema()))
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk, sync int
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	if err := s.db.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Errorf("synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
	id, err := s.CallStarted(control.Call{Direction: control.DirectionOutgoing, Peer: "1001"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Re-open: migrations are idempotent and data is kept.
	s2, err := Open(path)
	if err != nil {
		t.Fatalf("re-open: %v", err)
	}
	defer s2.Close()
	if v, _ := s2.SchemaVersion(); v != len(schema()) {
		t.Errorf("version after re-open = %d", v)
	}
	h, err := s2.History(control.HistoryFilter{})
	if err != nil || len(h) != 1 || h[0].ID != id {
		t.Fatalf("history after re-open = %+v, %v", h, err)
	}
	if res, err := s2.IntegrityCheck(); err != nil || res != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", res, err)
	}
}

func TestMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "phone.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a database left at version 1 by an older program.
	if _, err := s.db.Exec("DROP INDEX messages_unread"); err != nil {
		t.Fatal(err)
	}
	for _, col := range qualityColumns {
		if _, err := s.db.Exec("ALTER TABLE calls DROP COLUMN " + col); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatalf("re-open at v1: %v", err)
	}
	defer s.Close()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_unread'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("migration 2 not applied: count %d, %v", n, err)
	}
}

func TestOpenNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "phone.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(path)
	if !errors.Is(err, ErrSchema) {
		t.Fatalf("Open newer schema: err = %v, want ErrSchema", err)
	}
	if _, statErr := os.Stat(path); statErr != nil {
		t.Errorf("database file must be kept: %v", statErr)
	}
}

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		want error
	}{
		{"empty", "  ", ErrInvalid},
		{"folder", dir, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Open(tc.path); !errors.Is(err, tc.want) {
				t.Fatalf("Open(%q) err = %v, want %v", tc.path, err, tc.want)
			}
		})
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	t.Setenv("HOME", "/home/u")
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := os.UserConfigDir()
	if want := filepath.Join(cfg, "softphone", "phone.db"); p != want {
		t.Errorf("DefaultPath = %q, want %q", p, want)
	}
}
