package params

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsSurviveRestart: a run-time change is saved atomically, a password never in
// plain text, and the next start reads them back.
func TestSettingsSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "softphone", "settings.toml")
	ps, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"serveraddress": "pbx.example.com", "username": "1000", "password": "s3cret-pw"} {
		if err := ps.Set(name, value, Runtime); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("settings not written: %v", err)
	}
	if strings.Contains(string(data), "s3cret-pw") {
		t.Fatalf("password in plain text in %s:\n%s", path, data)
	}
	if matches, _ := filepath.Glob(path + ".*tmp*"); len(matches) > 0 {
		t.Fatalf("temporary files left behind: %v", matches)
	}
	again, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	if again.Get("serveraddress") != "pbx.example.com" || again.Get("username") != "1000" || again.Get("password") != "s3cret-pw" {
		t.Fatalf("after restart: server %q user %q password restored %v", again.Get("serveraddress"), again.Get("username"), again.Get("password") == "s3cret-pw")
	}
	// The command line still wins over what was saved.
	cl, err := Load(Sources{Settings: path, Sets: []string{"username=2000"}})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Get("username") != "2000" {
		t.Fatalf("--set lost to saved settings: %q", cl.Get("username"))
	}
	// A broken settings file is an error naming it, not a silent reset.
	os.WriteFile(path, []byte("serveraddress = [unterminated"), 0o600)
	if _, err := Load(Sources{Settings: path}); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("broken settings: err %v does not name %s", err, path)
	}
}

// ForgetSaved (delsettings) drops the run-time values at once, keeps the command line's,
// and empties the settings file so the next start has none of them.
func TestForgetSaved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.toml")
	ps, err := Load(Sources{Settings: path, Sets: []string{"displayname=Desk 4"}})
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"serveraddress": "pbx.example.com", "username": "1000", "password": "s3cret-pw"} {
		if err := ps.Set(name, value, Runtime); err != nil {
			t.Fatal(err)
		}
	}
	if err := ps.ForgetSaved(); err != nil {
		t.Fatal(err)
	}
	if ps.Get("serveraddress") != "" || ps.Get("password") != "" || ps.Get("displayname") != "Desk 4" {
		t.Fatalf("after ForgetSaved: server %q, password set %v, displayname %q", ps.Get("serveraddress"), ps.Get("password") != "", ps.Get("displayname"))
	}
	again, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.ValuesFrom(ConfigFile)) != 0 {
		t.Fatalf("the next start still reads %v", again.ValuesFrom(ConfigFile))
	}
	if err := Standard().ForgetSaved(); err != nil {
		t.Fatalf("without a settings file: %v", err)
	}
}
