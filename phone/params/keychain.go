package params

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// keychainTimeout bounds one keychain call: a Secret Service that waits on a prompt nobody
// answers (a kiosk) must not hold the phone; the encrypted file is used instead.
const keychainTimeout = 5 * time.Second

// errNoKeychain means the OS keychain cannot be reached.
var errNoKeychain = errors.New("no OS keychain")

// keychainName names the OS keychain for notices.
func keychainName() string {
	switch runtime.GOOS {
	case "darwin":
		return "the macOS Keychain"
	case "windows":
		return "the Windows Credential Manager"
	}
	return "the Secret Service keyring"
}

// keychainCall runs f against the OS keychain (go-keyring: the Secret Service over D-Bus on
// Linux and BSD, the Keychain on macOS, the Credential Manager on Windows), within
// keychainTimeout. Without a D-Bus session it fails at once: dialling one would start a bus
// of our own (dbus-launch), which holds no keyring. keyring.ErrNotFound is passed through;
// other failures wrap errNoKeychain.
func keychainCall[T any](f func() (T, error)) (T, error) {
	var zero T
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return zero, fmt.Errorf("%w: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)", errNoKeychain)
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, keyring.ErrNotFound) {
			return zero, fmt.Errorf("%w: %v", errNoKeychain, r.err)
		}
		return r.v, r.err
	case <-time.After(keychainTimeout):
		return zero, fmt.Errorf("%w: no answer within %v", errNoKeychain, keychainTimeout)
	}
}

// keychainSet stores secret under service and user.
func keychainSet(service, user, secret string) error {
	_, err := keychainCall(func() (struct{}, error) { return struct{}{}, keyring.Set(service, user, secret) })
	return err
}

// keychainGet reads the secret under service and user.
func keychainGet(service, user string) (string, error) {
	return keychainCall(func() (string, error) { return keyring.Get(service, user) })
}

// keychainDelete removes the secret under service and user; a missing one is no error.
func keychainDelete(service, user string) error {
	_, err := keychainCall(func() (struct{}, error) { return struct{}{}, keyring.Delete(service, user) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}
