package testpeer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// sippWait bounds a sipp run beyond its own -timeout.
const sippWait = 60 * time.Second

// SippResult is the outcome of one sipp run.
type SippResult struct {
	// ExitCode is sipp's exit status: 0 all calls succeeded, 1 some call
	// failed, 97/99 see sipp(1), -1 killed.
	ExitCode int
	// Stdout and Stderr hold sipp's output (its final statistics screen).
	Stdout, Stderr string
	// Messages holds every SIP message sent and received (-trace_msg).
	Messages string
	// Errors holds the unexpected messages (-trace_err).
	Errors string
	// Logs holds the lines of the scenario's <log> actions (-trace_logs).
	Logs string
	// LocalPort is the UDP/TCP port sipp used (on 127.0.0.1, or on its
	// host's IP with RunSippOn).
	LocalPort int
}

// RunSipp runs one call of scenario (a path, see Scenario) against target
// ("127.0.0.1:port") from 127.0.0.1 on a free port, with a 30 s global
// timeout. Extra args go to sipp before the target; sipp keeps the last of
// a repeated option, so they override the defaults (e.g. "-m", "2000",
// "-r", "200" for a flood). A non-zero exit is returned, not fatal: tests
// decide. When the test fails, the message trace is logged.
func RunSipp(t testing.TB, scenario string, target string, args ...string) SippResult {
	t.Helper()
	return RunSippOn(t, nil, scenario, target, args...)
}

// RunSippOn is RunSipp from host h of StartNet (e.g. n.Stranger): sipp
// runs in h's namespace and binds h.IP on a port free there. A nil h is
// RunSipp.
func RunSippOn(t testing.TB, h *Host, scenario string, target string, args ...string) SippResult {
	t.Helper()
	bin := lookBinary(t, "sipp", "sip-tester")
	if _, err := os.Stat(scenario); err != nil {
		t.Fatalf("testpeer: sipp scenario: %v", err)
	}
	dir := t.TempDir()
	ip := h.ip()
	port := h.FreePort(t, ip)
	msgFile := filepath.Join(dir, "messages.log")
	errFile := filepath.Join(dir, "errors.log")
	logFile := filepath.Join(dir, "logs.log")
	full := []string{"-sf", scenario, "-i", ip, "-p", strconv.Itoa(port),
		"-m", "1", "-timeout", "30s", "-timeout_error", "-nostdin",
		"-trace_msg", "-message_file", msgFile,
		"-trace_err", "-error_file", errFile,
		"-trace_logs", "-log_file", logFile}
	full = append(full, args...)
	full = append(full, target)
	cmd := h.Command(context.Background(), bin, full...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	res := SippResult{LocalPort: port}
	if err := cmd.Start(); err != nil {
		t.Fatalf("testpeer: start sipp on %s: %v", h.label(), err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(sippWait):
		_ = cmd.Process.Kill()
		err = <-done
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	default:
		t.Fatalf("testpeer: sipp: %v", err)
	}
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	res.Messages = readOptional(msgFile)
	res.Errors = readOptional(errFile)
	res.Logs = readOptional(logFile)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testpeer: sipp %s exit %d\nstderr:\n%s\nerrors:\n%s\nmessages (tail):\n%s",
				filepath.Base(scenario), res.ExitCode, res.Stderr, res.Errors, fileTail(msgFile, 80))
		}
	})
	return res
}

func readOptional(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
