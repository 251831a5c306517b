package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"softphone/internal/phoneproc"
)

// TestHeadlessStartsQuietly starts the headless phone as Debian and systemd services run it,
// with LANG=C.UTF-8 and nothing configured, and finds nothing on stderr: no Fyne locale error,
// no warning about a server that was never set.
func TestHeadlessStartsQuietly(t *testing.T) {
	bin := phoneproc.Build(t)
	home := t.TempDir()
	sock := filepath.Join(home, "api.sock")
	cmd := exec.Command(bin, "--headless", "--set", "apiaddress=unix:"+sock)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME=", "LANG=C.UTF-8", "LC_ALL=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "START,api,") {
				started <- sc.Text()
			}
		}
	}()
	select {
	case line := <-started:
		t.Logf("start-up line: %s", line)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("no START,api line within 30 s; stderr:\n%s", stderr.String())
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
	if s := stderr.String(); s != "" {
		t.Errorf("the headless phone wrote to stderr:\n%s", s)
	}
}
