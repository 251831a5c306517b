package params

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteTOMLAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "softphone.toml")
	if err := os.WriteFile(path, []byte("lines = 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	key := []byte("per-install-key")
	values := map[string]string{
		"serveraddress": "pbx.example", "password": "Tr0ub4dor&3", "apitoken": "tok-123456",
		"displayname": `Katie "K" O'Neil`, "lines": "6",
	}
	if err := WriteTOMLAtomic(path, values, WithKey(key)); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "softphone.toml" {
		t.Fatalf("folder holds %v, want only softphone.toml (no temp file left)", entries)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, plain := range []string{"Tr0ub4dor&3", "tok-123456"} {
		if bytes.Contains(data, []byte(plain)) {
			t.Fatalf("file holds secret %q in plain text:\n%s", plain, data)
		}
	}
	if !bytes.Contains(data, []byte(obfuscatedPrefix)) {
		t.Fatalf("file lacks obfuscated values:\n%s", data)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", info.Mode(), err)
	}
	p := Standard(WithKey(key))
	if err := p.LoadTOML(path, ConfigFile); err != nil {
		t.Fatal(err)
	}
	for k, v := range values {
		if got := p.Get(k); got != v {
			t.Errorf("%s = %q after reload, want %q", k, got, v)
		}
	}
	// The wrong key decodes to something else, never the password.
	q := Standard()
	_ = q.LoadTOML(path, ConfigFile)
	if q.Get("password") == values["password"] {
		t.Error("built-in key decoded a per-install obfuscation")
	}
}

func TestWriteTOMLAtomicFailureLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	err := WriteTOMLAtomic(filepath.Join(dir, "missing", "x.toml"), map[string]string{"lines": "2"})
	if err == nil {
		t.Fatal("want an error for a missing folder")
	}
	// A directory in the way makes rename fail after the temp file is written.
	target := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(target, "child"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteTOMLAtomic(target, map[string]string{"lines": "2"}); err == nil {
		t.Fatal("want an error renaming over a non-empty folder")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("temp file %s left behind", e.Name())
		}
	}
}

func TestObfuscateRoundTrip(t *testing.T) {
	tests := []struct {
		plain string
		key   []byte
	}{
		{"", nil}, {"password", nil}, {"pässwörd ✓", []byte("k")}, {strings.Repeat("x", 100), []byte("0123456789")},
	}
	for _, tc := range tests {
		enc := Obfuscate(tc.plain, tc.key)
		if !strings.HasPrefix(enc, "encrypted__3__") || (tc.plain != "" && strings.Contains(enc, tc.plain)) {
			t.Errorf("Obfuscate(%q) = %q", tc.plain, enc)
		}
		got, err := Deobfuscate(enc, tc.key)
		if err != nil || got != tc.plain {
			t.Errorf("Deobfuscate = %q, %v; want %q", got, err, tc.plain)
		}
	}
	if _, err := Deobfuscate("plain", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("Deobfuscate(plain) err = %v", err)
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "key")
	k1, err := LoadOrCreateKey(path)
	if err != nil || len(k1) != 32 {
		t.Fatalf("key %d bytes, %v", len(k1), err)
	}
	k2, err := LoadOrCreateKey(path)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load differs: %v", err)
	}
}
