package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"softphone/phone/control"
)

// realDB writes a database with enough rows to span many pages, closes it
// (checkpointing the WAL into the file) and returns its path.
func realDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "phone.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := s.CallStarted(control.Call{Direction: control.DirectionIncoming, Peer: fmt.Sprintf("sip:%d@example.com", i),
			PeerName: strings.Repeat("name ", 20)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCorruptFile(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, path string)
	}{
		{"garbage", func(t *testing.T, path string) {
			if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncated", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"overwritten pages", func(t *testing.T, path string) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 8192), 4096*3); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := realDB(t)
			tc.corrupt(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}

			_, err = Open(path)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open corrupt: err = %v, want ErrCorrupt", err)
			}
			if testing.Verbose() {
				t.Log(err)
			}
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Backup == "" {
				t.Fatalf("error %v carries no backup", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), ce.Backup) {
				t.Errorf("error %q must name the file and the backup", err)
			}
			if !strings.HasPrefix(ce.Backup, path+".corrupt-") {
				t.Errorf("backup %q not named PATH.corrupt-<time>", ce.Backup)
			}
			kept, err := os.ReadFile(ce.Backup)
			if err != nil {
				t.Fatalf("backup missing: %v", err)
			}
			if !bytes.Equal(kept, before) {
				t.Errorf("backup differs from the original file (%d vs %d bytes)", len(kept), len(before))
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("corrupt file still at %s: %v", path, err)
			}
		})
	}
}

func TestOpenOrRecover(t *testing.T) {
	path := realDB(t)
	if err := os.WriteFile(path, []byte(strings.Repeat("garbage!", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	s, recovered, err := OpenOrRecover(path)
	if err != nil {
		t.Fatalf("OpenOrRecover: %v", err)
	}
	defer s.Close()
	if recovered == "" {
		t.Fatal("recovered backup not reported")
	}
	if _, err := os.Stat(recovered); err != nil {
		t.Errorf("backup %s: %v", recovered, err)
	}
	h, err := s.History(control.HistoryFilter{})
	if err != nil || len(h) != 0 {
		t.Errorf("fresh database history = %d rows, %v", len(h), err)
	}

	// A healthy database is opened untouched.
	s.Close()
	s2, recovered, err := OpenOrRecover(path)
	if err != nil || recovered != "" {
		t.Fatalf("OpenOrRecover healthy: %q, %v", recovered, err)
	}
	s2.Close()
}

// makeReadOnly makes p unwritable, even for root (chattr +i), and undoes it
// at cleanup.
func makeReadOnly(t *testing.T, p string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(p, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o700) })
		return
	}
	if out, err := exec.Command("chattr", "+i", p).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s read-only as root: %v %s", p, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", p).Run() })
}

func TestReadOnly(t *testing.T) {
	tests := []struct {
		name string
		lock func(t *testing.T, dir, path string)
	}{
		{"read-only folder", func(t *testing.T, dir, _ string) { makeReadOnly(t, dir) }},
		{"read-only file", func(t *testing.T, _, path string) { makeReadOnly(t, path) }},
		{"read-only folder, no file yet", func(t *testing.T, dir, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			makeReadOnly(t, dir)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := realDB(t)
			dir := filepath.Dir(path)
			tc.lock(t, dir, path)
			_, err := Open(path)
			if !errors.Is(err, ErrReadOnly) {
				t.Fatalf("Open: err = %v, want ErrReadOnly", err)
			}
			if testing.Verbose() {
				t.Log(err)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
}
