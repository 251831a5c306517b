package params

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"softphone/internal/testpeer"
)

// savedPassword is what a user types in; it must never show up in a file the phone writes.
const savedPassword = "kc-s3cret-Pw"

// noticeLog collects a Params' notices.
type noticeLog struct {
	mu sync.Mutex
	ns []Notice
}

func (l *noticeLog) add(n Notice) { l.mu.Lock(); l.ns = append(l.ns, n); l.mu.Unlock() }

// find returns the first notice containing text.
func (l *noticeLog) find(text string) (Notice, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range l.ns {
		if strings.Contains(n.Text, text) {
			return n, true
		}
	}
	return Notice{}, false
}

// saveAndRestart loads with a settings file, saves the password at run time (as the window
// or setparameter does), checks that no file in the settings folder holds it in plain text
// or in the reversible encrypted__3__ form, and starts again to check it comes back.
func saveAndRestart(t *testing.T, path string) *noticeLog {
	t.Helper()
	ps, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	log := &noticeLog{}
	ps.OnNotice(log.add)
	for name, value := range map[string]string{"username": "1000", "password": savedPassword} {
		if err := ps.Set(name, value, Runtime); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range []string{savedPassword, base64.StdEncoding.EncodeToString([]byte(savedPassword))} {
			if bytes.Contains(data, []byte(form)) {
				t.Errorf("%s holds the password (%q)", f, form)
			}
		}
		if filepath.Base(f) == "settings.toml" && bytes.Contains(data, []byte("password")) {
			t.Errorf("the settings file names the password:\n%s", data)
		}
	}
	for _, n := range log.ns {
		if strings.Contains(n.Text, savedPassword) {
			t.Errorf("notice %q holds the password", n.Text)
		}
	}
	again, err := Load(Sources{Settings: path})
	if err != nil {
		t.Fatal(err)
	}
	if again.Get("password") != savedPassword || again.Get("username") != "1000" {
		t.Fatalf("after restart: username %q, password restored %v", again.Get("username"), again.Get("password") == savedPassword)
	}
	return log
}

// TestIntegrationSecretsKeychainAndFallback: without a Secret Service the saved password
// goes to the encrypted fallback file, with a warning saying so; under a real Secret
// Service (gnome-keyring-daemon on a private session bus) it goes to the keyring, read back
// with go-keyring and with secret-tool, and is not in any file; delsettings removes it.
// (One test, the fallback first: go-keyring keeps one session bus connection per process.)
func TestIntegrationSecretsKeychainAndFallback(t *testing.T) {
	t.Run("fallback", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus-here"))
		path := filepath.Join(dir, "softphone", "settings.toml")
		log := saveAndRestart(t, path)
		n, ok := log.find("saved in the encrypted file")
		if !ok || !n.Warning || !strings.Contains(n.Text, "secrets.enc") {
			t.Fatalf("no warning naming the fallback file: %+v", log.ns)
		}
		if info, err := os.Stat(filepath.Join(filepath.Dir(path), "secrets.enc")); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("fallback file: %v %v", info, err)
		}
		t.Logf("notice: %s", n.Text)
	})
	t.Run("keychain", func(t *testing.T) {
		bus := testpeer.StartSessionBus(t)
		testpeer.StartSecretService(t, bus)
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
		path := filepath.Join(t.TempDir(), "softphone", "settings.toml")
		log := saveAndRestart(t, path)
		n, ok := log.find("password saved in the Secret Service keyring")
		if !ok || n.Warning {
			t.Fatalf("no notice saying the keyring was used: %+v", log.ns)
		}
		service := "softphone " + filepath.Dir(path)
		if got, err := keyring.Get(service, "password"); err != nil || got != savedPassword {
			t.Fatalf("go-keyring reads %v, %v", got == savedPassword, err)
		}
		out, err := exec.Command("secret-tool", "lookup", "service", service, "username", "password").Output()
		if err != nil || string(out) != savedPassword {
			t.Fatalf("secret-tool lookup: match %v, %v", string(out) == savedPassword, err)
		}
		ps, err := Load(Sources{Settings: path})
		if err != nil {
			t.Fatal(err)
		}
		if err := ps.ForgetSaved(); err != nil {
			t.Fatal(err)
		}
		if _, err := keyring.Get(service, "password"); !errors.Is(err, keyring.ErrNotFound) {
			t.Fatalf("after delsettings the keyring still answers: %v", err)
		}
	})
}
