package params

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "softphone.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadTOMLGood(t *testing.T) {
	path := writeFile(t, `# provider config
serveraddress = "pbx.example.com:5062"
loglevel = 3
autoanswer = true
codecs = ["g722", "pcmu"]

[account]
sipusername = 1111
password = "`+Obfuscate("s3cret", nil)+`"
`)
	p := Standard()
	if err := p.LoadTOML(path, ConfigFile); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"serveraddress": "pbx.example.com:5062", "loglevel": "3", "autoanswer": "1",
		"codecs": "G722,PCMU", "username": "1111", "password": "s3cret",
	}
	for k, v := range want {
		if got := p.Get(k); got != v || p.Source(k) != ConfigFile {
			t.Errorf("%s = %q from %s, want %q from config", k, got, p.Source(k), v)
		}
	}
}

func TestLoadTOMLBad(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		wantErr error
		want    []string // substrings of the error, after the file name
	}{
		{"unknown key", "loglevel = 2\n\n[account]\nusernme = \"x\"\n", ErrUnknown,
			[]string{`:4: key "account.usernme": unknown parameter "usernme" (did you mean "username"?)`}},
		{"wrong type", "register = true\n", ErrInvalid,
			[]string{`:1: key "register": parameter "register": value "true" is not one of 0, 1, 2`}},
		{"array of numbers", "lines = 1\ncodecs = [1, 2]\n", ErrInvalid, []string{`:2: key "codecs": arrays may hold only strings`}},
		{"broken TOML", "loglevel = 2\nserveraddress = \"unterminated\n", ErrInvalid, []string{":2: TOML syntax: strings cannot contain newlines"}},
		{"table array", "[[lines]]\nx = 1\n", ErrInvalid, []string{`: key "lines": TOML type []map[string]interface {} is not supported`}},
		{"two bad keys", "fooo = 1\nbarr = 2\n", ErrUnknown, []string{`:1: key "fooo"`, `:2: key "barr"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.text)
			err := Standard().LoadTOML(path, ConfigFile)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), path+w) {
					t.Errorf("err = %q, want it to contain %q", err, path+w)
				}
			}
		})
	}
}

func TestLoadTOMLKeepsGoodKeys(t *testing.T) {
	p := Standard()
	err := p.LoadTOML(writeFile(t, "lines = 8\nfooo = 1\n"), ConfigFile)
	if err == nil || p.Int("lines") != 8 {
		t.Fatalf("err = %v, lines = %d", err, p.Int("lines"))
	}
}

func TestLoadTOMLMissingFile(t *testing.T) {
	err := Standard().LoadTOML(filepath.Join(t.TempDir(), "none.toml"), ConfigFile)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
}
