package testpeer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ErrExited reports that a peer process ended before it became ready.
var ErrExited = errors.New("testpeer: process exited")

// process is a peer running in its own process group with its output in a
// log file.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	mu      sync.Mutex
	waitErr error
}

// lookBinary returns the path of bin or fails the test naming the apt
// package that provides it.
func lookBinary(t testing.TB, bin, aptPkg string) string {
	t.Helper()
	p, err := exec.LookPath(bin)
	if err != nil {
		t.Fatalf("testpeer: %s not found (%v): install the Debian package %q (apt-get install -y %s)", bin, err, aptPkg, aptPkg)
	}
	return p
}

// startProcess runs bin with args in a new process group, output appended to
// logPath. Cleanup kills the group and, if the test failed, logs the tail.
func startProcess(t testing.TB, name, logPath string, bin string, args ...string) *process {
	t.Helper()
	return startProcessOn(t, nil, name, logPath, nil, bin, args...)
}

// startProcessOn is startProcess on host h (nil: this namespace) with env
// added to the environment.
func startProcessOn(t testing.TB, h *Host, name, logPath string, env []string, bin string, args ...string) *process {
	t.Helper()
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatalf("testpeer: %s log: %v", name, err)
	}
	// `ip netns exec` execs bin in place, so the process (and its group)
	// is bin itself.
	cmd := h.Command(context.Background(), bin, args...)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.Dir = filepath.Dir(logPath)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("testpeer: start %s on %s: %v", name, h.label(), err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		err := cmd.Wait()
		logf.Close()
		p.mu.Lock()
		p.waitErr = err
		p.mu.Unlock()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("testpeer: %s log tail (%s):\n%s", name, logPath, p.tail(60))
		}
	})
	return p
}

// exited returns a non-nil error wrapping ErrExited once the process ended.
func (p *process) exited() error {
	select {
	case <-p.done:
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.waitErr != nil {
			return errors.Join(ErrExited, p.waitErr)
		}
		return ErrExited
	default:
		return nil
	}
}

// stop sends SIGTERM to the process group, then SIGKILL if it lingers.
func (p *process) stop() {
	pgid := p.cmd.Process.Pid
	if p.exited() == nil {
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(3 * time.Second):
		}
	}
	// Children (kamailio workers) may outlive the leader: kill the group.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
}

// tail returns the last n lines of the log file.
func (p *process) tail(n int) string {
	return fileTail(p.logPath, n)
}

// fileTail returns the last n lines of the file at path, or a note why not.
func fileTail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	data = bytes.TrimRight(data, "\n")
	lines := strings.Split(string(data), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
