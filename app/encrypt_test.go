package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncryptParameterCommand: softphone --encrypt-parameter VALUE prints the encrypted__3__
// form, and that form given back as a parameter loads as VALUE.
func TestEncryptParameterCommand(t *testing.T) {
	out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if code := run([]string{"--encrypt-parameter", "s3cret pässword"}, out, os.Stderr); code != exitOK {
		t.Fatalf("exit code %d", code)
	}
	data, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	enc := strings.TrimSpace(string(data))
	if !strings.HasPrefix(enc, "encrypted__3__") || strings.Contains(enc, "s3cret") {
		t.Fatalf("printed %q", enc)
	}
	ps, err := loadParams(options{sets: []string{"password=" + enc, "realm=" + enc}})
	if err != nil {
		t.Fatal(err)
	}
	if ps.Get("password") != "s3cret pässword" || ps.Get("realm") != "s3cret pässword" {
		t.Fatalf("loaded password %q realm %q", ps.Get("password"), ps.Get("realm"))
	}
}
