package store

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"softphone/phone/control"
)

// crashEnv names the database the child process writes before it is killed.
const crashEnv = "STORE_CRASH_CHILD_DB"

// TestCrashChild is the child half of TestDurabilitySIGKILL: it records a
// call start and an incoming message, says READY and waits to be killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("only run as the child of TestDurabilitySIGKILL")
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)
	if _, err := s.CallStarted(control.Call{CallID: "crash-call", Direction: control.DirectionIncoming, Peer: "1002", Started: started}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SaveIncoming(control.Message{Peer: "sip:bob@pbx", Text: "dernière ligne", CallID: "crash-msg", CSeq: 3}); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("READY\n")
	time.Sleep(time.Minute) // killed long before this
}

func TestDurabilitySIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "phone.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "READY" {
				ready <- true
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatal("child exited without writing")
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("child never became ready")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die of SIGKILL: %v", err)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer s.Close()
	h, err := s.History(control.HistoryFilter{})
	if err != nil || len(h) != 1 {
		t.Fatalf("history after crash = %+v, %v", h, err)
	}
	if h[0].CallID != "crash-call" || !h[0].Started.Equal(time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)) || !h[0].Ended.IsZero() {
		t.Errorf("call row after crash = %+v", h[0])
	}
	conv, err := s.Conversation("sip:bob@pbx", 0)
	if err != nil || len(conv) != 1 || conv[0].Text != "dernière ligne" || conv[0].CallID != "crash-msg" {
		t.Errorf("message after crash = %+v, %v", conv, err)
	}
	if res, err := s.IntegrityCheck(); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}
