package presence

import (
	"os"
	"path/filepath"
	"testing"
)

// readSample returns a file from testdata.
func readSample(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// samples returns every file in a testdata folder, for fuzz seeds.
func samples(t testing.TB, dir string) [][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, e := range entries {
		out = append(out, readSample(t, dir, e.Name()))
	}
	return out
}
