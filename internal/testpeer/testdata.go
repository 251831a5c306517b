package testpeer

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"text/template"
)

// PeersDir returns the absolute path of the repository's testdata/peers
// folder (config templates and sipp scenarios).
func PeersDir(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatalf("testpeer: cannot locate package source to find testdata/peers")
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "peers")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("testpeer: testdata/peers: %v", err)
	}
	return dir
}

// Scenario returns the path of a sipp scenario in testdata/peers, e.g.
// Scenario(t, "options.xml"); it fails the test if the file is missing.
func Scenario(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(PeersDir(t), name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testpeer: scenario %q: %v", name, err)
	}
	return p
}

// renderTemplate renders testdata/peers/<name> with data into dst.
func renderTemplate(t testing.TB, name, dst string, data any) {
	t.Helper()
	src := filepath.Join(PeersDir(t), name)
	tmpl, err := template.New(name).Option("missingkey=error").ParseFiles(src)
	if err != nil {
		t.Fatalf("testpeer: template %s: %v", name, err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	defer f.Close()
	if err := tmpl.ExecuteTemplate(f, filepath.Base(src), data); err != nil {
		t.Fatalf("testpeer: render %s: %v", name, err)
	}
}

// peerDir makes a fresh private directory for a peer's files. It is not
// t.TempDir because unix control sockets need a short path (108 bytes) and
// t.TempDir embeds the test name.
func peerDir(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "testpeer-"+prefix+"-")
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
