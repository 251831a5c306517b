package testpeer

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// secretServiceTimeout bounds the start of the private bus and keyring.
const secretServiceTimeout = 20 * time.Second

// StartSessionBus runs a private D-Bus session daemon (Debian: dbus-daemon) for the test,
// waits until it prints its address and returns it; the daemon is stopped at cleanup.
func StartSessionBus(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "session.conf")
	// A session bus of the test's own: it listens on a socket in the test's folder only.
	err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=`+filepath.Join(dir, "bus")+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon (Debian package dbus-daemon): %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- strings.TrimSpace(line)
	}()
	select {
	case addr := <-ready:
		if addr == "" {
			t.Fatal("dbus-daemon printed no address")
		}
		return addr
	case <-time.After(secretServiceTimeout):
		t.Fatalf("dbus-daemon gave no address within %v", secretServiceTimeout)
	}
	return ""
}

// StartSecretService runs gnome-keyring-daemon's Secret Service on the session bus at addr,
// its login keyring created and unlocked with an empty password (given on its stdin), its
// files in a folder of the test's own. It returns once the login collection is there and
// unlocked (watched through the bus's signals); the daemon is stopped at cleanup.
func StartSecretService(t testing.TB, addr string) {
	t.Helper()
	home := t.TempDir()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("session bus %s: %v", addr, err)
	}
	defer conn.Close()
	signals := make(chan *dbus.Signal, 256)
	conn.Signal(signals)
	for _, m := range [][]dbus.MatchOption{
		{dbus.WithMatchInterface("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged")},
		{dbus.WithMatchInterface("org.freedesktop.Secret.Service")},
		{dbus.WithMatchInterface("org.freedesktop.DBus.Properties")},
	} {
		if err := conn.AddMatchSignal(m...); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr, "HOME="+home,
		"XDG_RUNTIME_DIR="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	cmd.Stdin = strings.NewReader("\n") // the login keyring's password: empty
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("gnome-keyring-daemon (Debian package gnome-keyring): %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.After(secretServiceTimeout)
	for !loginUnlocked(conn) {
		select {
		case <-signals:
		case <-deadline:
			t.Fatalf("no unlocked login collection on the Secret Service within %v", secretServiceTimeout)
		}
	}
}

// loginUnlocked reports whether the Secret Service's login collection exists and is unlocked.
func loginUnlocked(conn *dbus.Conn) bool {
	obj := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets/collection/login")
	v, err := obj.GetProperty("org.freedesktop.Secret.Collection.Locked")
	if err != nil {
		return false
	}
	locked, ok := v.Value().(bool)
	return ok && !locked
}
