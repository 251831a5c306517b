package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"softphone/internal/phoneproc"
)

// TestHeadlessStartEventsReachSubscribers: a client that subscribes to /v1/events after the
// headless phone printed START,api (so after both starts happened) still reads START,sip and
// START,api, first.
func TestHeadlessStartEventsReachSubscribers(t *testing.T) {
	bin := phoneproc.Build(t)
	home := t.TempDir()
	sock := filepath.Join(home, "api.sock")
	// apitoken set so the test knows it; a user may set it the same way.
	cmd := exec.Command(bin, "--headless", "--set", "apiaddress=unix:"+sock, "--set", "apitoken=test-token")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME=", "LANG=C.UTF-8")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	started := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "START,api,") {
				close(started)
			}
		}
	}()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("no START,api line within 30 s")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://localhost/v1/events", nil)
	req.Header.Set("Authorization", "Bearer test-token")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/events: %s", resp.Status)
	}
	var starts []string
	sc := bufio.NewScanner(resp.Body)
	for len(starts) < 2 && sc.Scan() {
		if kind, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			if kind != "start" {
				t.Fatalf("event %q before the two START events (got %q)", kind, starts)
			}
		}
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			for _, what := range []string{"START,sip", "START,api"} {
				if strings.Contains(data, `"notification":"`+what+`"`) {
					starts = append(starts, what)
				}
			}
		}
	}
	if strings.Join(starts, ",") != "START,sip,START,api" {
		t.Fatalf("subscriber read %q, want START,sip then START,api", starts)
	}
}
