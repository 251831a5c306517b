package testpeer

import (
	"syscall"
	"testing"
	"time"
)

// Kill ends kamailio at once (SIGKILL to its process group, as a crash or power loss
// would): its TCP connections are reset and its location table, kept in memory, is gone.
func (k *Kamailio) Kill(t testing.TB) {
	t.Helper()
	if k.proc.exited() == nil {
		_ = syscall.Kill(-k.proc.cmd.Process.Pid, syscall.SIGKILL)
	}
	select {
	case <-k.proc.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("testpeer: kamailio did not end after SIGKILL")
	}
}

// Restart starts kamailio again, after Kill, with the same command line (same host,
// address, port, users and configuration, an empty location table) and waits until it
// answers OPTIONS. It returns when kamailio is ready.
func (k *Kamailio) Restart(t testing.TB) {
	t.Helper()
	if k.proc.exited() == nil {
		k.Kill(t)
	}
	old := k.proc.cmd
	// The same argv: for a StartNet host it is `ip netns exec NS kamailio ...`, which
	// re-enters that namespace from here.
	k.proc = startProcessOn(t, nil, "kamailio", k.proc.logPath, nil, old.Path, old.Args[1:]...)
	k.waitReady(t, 15*time.Second)
}
