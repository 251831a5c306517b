package testpeer

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ProcConfig describes an arbitrary program to run on a host with
// Host.Start (the phone's own binary built by a test, a tool).
type ProcConfig struct {
	// Name names the process in messages and log lines ("phone").
	Name string
	// Bin is the program (a path, or a name looked up in PATH).
	Bin string
	// Args are its arguments.
	Args []string
	// Env is added to the test process's environment ("KEY=value").
	Env []string
	// LogPath receives stdout and stderr (appended); "" means a file in a
	// fresh directory of its own. The working directory is the log's.
	LogPath string
}

// Proc is a program started with Host.Start. It runs in its own process
// group; t.Cleanup stops it (SIGTERM, SIGKILL after 3 s) and, when the test
// failed, logs the tail of its log.
type Proc struct{ p *process }

// Start runs cfg.Bin on h (a nil h or Net.Public: in the test process's own
// namespace) with its output captured in cfg.LogPath.
func (h *Host) Start(t testing.TB, cfg ProcConfig) *Proc {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = filepath.Base(cfg.Bin)
	}
	if cfg.LogPath == "" {
		cfg.LogPath = filepath.Join(peerDir(t, "proc"), cfg.Name+".log")
	}
	return &Proc{p: startProcessOn(t, h, cfg.Name, cfg.LogPath, cfg.Env, cfg.Bin, cfg.Args...)}
}

// PID is the process id.
func (p *Proc) PID() int { return p.p.cmd.Process.Pid }

// LogPath is the file that holds the process's stdout and stderr.
func (p *Proc) LogPath() string { return p.p.logPath }

// LogTail returns the last n lines of the log.
func (p *Proc) LogTail(n int) string { return p.p.tail(n) }

// Exited returns nil while the process runs, and afterwards an error
// wrapping ErrExited (and its exit status, if not 0).
func (p *Proc) Exited() error { return p.p.exited() }

// Wait waits up to timeout for the process to end by itself and returns
// Exited's error, or nil if it still runs.
func (p *Proc) Wait(timeout time.Duration) error {
	select {
	case <-p.p.done:
	case <-time.After(timeout):
	}
	return p.p.exited()
}

// Signal sends sig to the process (not its group).
func (p *Proc) Signal(sig syscall.Signal) error { return p.p.cmd.Process.Signal(sig) }

// Stop ends the process group: SIGTERM, then SIGKILL if it lingers 3 s.
func (p *Proc) Stop() { p.p.stop() }
