package testpeer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
)

// isolatedEnv marks a test process that IsolatedMain re-executed inside a
// private network namespace. Its value is that namespace's identity
// (readlink /proc/self/ns/net, e.g. "net:[4026532301]"), so a child that
// inherits the variable in another namespace is not fooled by it.
const isolatedEnv = "TESTPEER_NETNS"

// outerEnv holds the identity of the namespace the re-exec started from,
// which the isolated one must differ from.
const outerEnv = "TESTPEER_NETNS_FROM"

// isolated is set by IsolatedMain once the process is known to run in the
// private network namespace it made; StartNet refuses to build anything
// otherwise.
var isolated bool

// reexecScript runs inside `unshare -n`: loopback up, the marker set to the
// new namespace's identity, then the test binary with its own arguments.
const reexecScript = `ip link set lo up && ` + isolatedEnv + `=$(readlink /proc/self/ns/net) && export ` + isolatedEnv + ` && exec "$0" "$@"`

// IsolatedMain is a TestMain body that runs the package's tests inside a
// network namespace of their own, so that no packet a test sends can leave
// the machine and StartNet can build its topology without touching the
// machine's real network:
//
//	func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }
//
// When the process is not yet isolated it re-executes the test binary with
// the same arguments under `unshare -n` (loopback brought up), passing
// stdin, stdout and stderr through, forwarding SIGINT/SIGTERM/SIGQUIT, and
// exits with the child's exit code. Inside, it runs m.Run. It needs root
// (CI runs as root) and util-linux's unshare; without them it prints why and
// exits 2 rather than running un-isolated.
func IsolatedMain(m *testing.M) {
	if mark := os.Getenv(isolatedEnv); mark != "" {
		self, err := os.Readlink("/proc/self/ns/net")
		if err == nil && mark == self && self != os.Getenv(outerEnv) {
			isolated = true
			os.Exit(m.Run())
		}
		// Inherited from a parent in another namespace: isolate again.
	}
	if err := canIsolate(); err != nil {
		fmt.Fprintf(os.Stderr, "testpeer: IsolatedMain: cannot move the tests into a private network namespace: %v\n"+
			"testpeer: refusing to run them un-isolated (they build network namespaces and must never reach the real network)\n", err)
		os.Exit(2)
	}
	os.Exit(reexecIsolated())
}

// canIsolate reports why the process cannot re-execute itself under
// `unshare -n`, or nil.
func canIsolate() error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("not root (euid %d): run the tests as root, as CI does", os.Geteuid())
	}
	for _, bin := range []string{"unshare", "ip", "sh", "readlink"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("%s not found (%v): install util-linux, iproute2 and coreutils", bin, err)
		}
	}
	return nil
}

// reexecIsolated runs the test binary again under `unshare -n` and returns
// its exit code.
func reexecIsolated() int {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	args := append([]string{"-n", "--", "sh", "-c", reexecScript, self}, os.Args[1:]...)
	cmd := exec.Command("unshare", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if outer, err := os.Readlink("/proc/self/ns/net"); err == nil {
		cmd.Env = append(os.Environ(), outerEnv+"="+outer)
	}
	// The child must not outlive this process (go test may kill it on a
	// timeout): it dies with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "testpeer: IsolatedMain: unshare -n: %v\n", err)
		return 2
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			fmt.Fprintf(os.Stderr, "testpeer: IsolatedMain: isolated test process killed by %v\n", ws.Signal())
			return 128 + int(ws.Signal())
		}
		return exitErr.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "testpeer: IsolatedMain: %v\n", err)
		return 2
	}
}

// checkIsolated returns nil when the process runs in the private network
// namespace IsolatedMain made, and otherwise an error that says how to fix
// the test.
func checkIsolated() error {
	if !isolated {
		return errors.New("the test process is not in a private network namespace: " +
			"add `func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }` to the package's tests")
	}
	// Belt and braces: never in the namespace of PID 1 (the machine's or
	// the container's real network), when PID 1 can be inspected.
	self, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		return fmt.Errorf("cannot read the network namespace: %v", err)
	}
	if init, err := os.Readlink("/proc/1/ns/net"); err == nil && self == init {
		return fmt.Errorf("the test process shares PID 1's network namespace %s", self)
	}
	return nil
}
