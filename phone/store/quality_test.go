package store

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"softphone/phone/control"
)

// qualityColumns are the columns migration 3 adds to calls.
var qualityColumns = []string{"mos", "loss_pct", "jitter_ms", "rtt_ms", "remote_loss_pct"}

// TestCallQualityKept: a call's quality written at its end reads back from the history.
func TestCallQualityKept(t *testing.T) {
	s := openTest(t)
	start := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	id, err := s.CallStarted(control.Call{CallID: "q@host", Line: 1, Direction: control.DirectionOutgoing, Peer: "1001", Started: start})
	if err != nil {
		t.Fatal(err)
	}
	q := control.Quality{MOS: 3.92, LossPct: 5.02, JitterMS: 3.4, RTTMS: 41.5, RemoteLossPct: 0.4}
	if err := s.CallEnded(id, control.Call{Connected: start.Add(time.Second), Ended: start.Add(time.Minute), Codec: "PCMA", Quality: q}); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(control.HistoryFilter{})
	if err != nil || len(h) != 1 {
		t.Fatalf("History = %v, %v", h, err)
	}
	if h[0].Quality != q {
		t.Errorf("quality read back %+v, want %+v", h[0].Quality, q)
	}
}

// TestMigrateFromVersion2 opens a database an older program left at version 2, holding a
// call: migration 3 adds the quality columns, the old row reads back with zero quality and
// a new call's quality is kept.
func TestMigrateFromVersion2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "phone.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range schema()[:2] {
		for _, q := range step {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.Exec(`INSERT INTO calls (direction, peer, started_ms, codec) VALUES (1, '1001', 1700000000000, 'PCMU')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("open a version 2 database: %v", err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(); v != 3 {
		t.Errorf("schema version %d after migration, want 3", v)
	}
	h, err := s.History(control.HistoryFilter{})
	if err != nil || len(h) != 1 || h[0].Peer != "1001" || h[0].Quality != (control.Quality{}) {
		t.Fatalf("old row after migration: %+v, %v", h, err)
	}
	q := control.Quality{MOS: 4.41}
	if err := s.CallEnded(h[0].ID, control.Call{Ended: time.UnixMilli(1700000060000), Quality: q}); err != nil {
		t.Fatal(err)
	}
	if h, _ = s.History(control.HistoryFilter{}); h[0].Quality != q {
		t.Errorf("quality after migration %+v, want %+v", h[0].Quality, q)
	}
}
