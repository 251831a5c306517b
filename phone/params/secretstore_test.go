package params

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretsMoveOutOfOldSettings: a password an older version kept obfuscated in
// settings.toml still loads, and moves to the secret store (here the fallback file: no
// D-Bus session), leaving the settings file without it.
func TestSecretsMoveOutOfOldSettings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus-here"))
	path := filepath.Join(dir, "settings.toml")
	key, err := LoadOrCreateKey(filepath.Join(dir, "settings.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTOMLAtomic(path, map[string]string{"username": "1000", "password": "old-s3cret"}, WithKey(key)); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second start reads it from the secret store
		ps, err := Load(Sources{Settings: path})
		if err != nil {
			t.Fatal(err)
		}
		if ps.Get("password") != "old-s3cret" || ps.Get("username") != "1000" {
			t.Fatalf("username %q, password restored %v", ps.Get("username"), ps.Get("password") == "old-s3cret")
		}
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), "password") || !strings.Contains(string(data), "username") {
			t.Fatalf("settings file after the move:\n%s", data)
		}
	}
}

// TestSecretsDamagedFile: a secrets file that does not decrypt gives a warning naming it,
// is kept aside, and the phone starts without the saved password.
func TestSecretsDamagedFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus-here"))
	path := filepath.Join(dir, "settings.toml")
	ps, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Set("password", "s3cret", Runtime); err != nil {
		t.Fatal(err)
	}
	secrets := filepath.Join(dir, "secrets.enc")
	data, err := os.ReadFile(secrets)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(secrets, data, 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatalf("damaged %s stops the start: %v", secrets, err)
	}
	var warned bool
	again.OnNotice(func(n Notice) {
		warned = warned || n.Warning && strings.Contains(n.Text, secrets) && strings.Contains(n.Text, "enter them again")
	})
	if !warned || again.Get("password") != "" {
		t.Fatalf("warned %v, password set %v", warned, again.Get("password") != "")
	}
	if _, err := os.Stat(secrets + ".damaged"); err != nil {
		t.Fatalf("damaged file not kept aside: %v", err)
	}
}
