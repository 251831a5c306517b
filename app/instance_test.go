package main

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestInstanceHandOff: a second start reaches the first over the socket, its URI arrives, a
// refusal comes back as an error, raise runs, and with nobody listening handOff says so.
func TestInstanceHandOff(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "i.sock")
	if running, err := handOff(sock, handoff{URI: "sip:1@h"}); running || err != nil {
		t.Fatalf("nobody listening: running %v, err %v", running, err)
	}
	var mu sync.Mutex
	var got []string
	in, err := listenInstance(sock, func(m handoff) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m.URI)
		if m.URI == "sip:bad@h" {
			return errors.New("refused: not today")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raised := 0
	in.setRaise(func() { mu.Lock(); raised++; mu.Unlock() })
	if running, err := handOff(sock, handoff{URI: "sip:1@h"}); !running || err != nil {
		t.Fatalf("hand-off: running %v, err %v", running, err)
	}
	if _, err := handOff(sock, handoff{URI: "sip:bad@h"}); err == nil || !strings.Contains(err.Error(), "not today") {
		t.Fatalf("refusal not passed back: %v", err)
	}
	if _, err := handOff(sock, handoff{Raise: true}); err != nil {
		t.Fatal(err)
	}
	// Garbage on the socket is refused, and the instance keeps answering.
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("not json\n"))
	buf := make([]byte, 100)
	n, _ := c.Read(buf)
	c.Close()
	if !strings.HasPrefix(string(buf[:n]), "refused") {
		t.Errorf("garbage answered %q", buf[:n])
	}
	if _, err := listenInstance(sock, func(handoff) error { return nil }); err == nil {
		t.Error("a second listener on a live socket was allowed")
	}
	in.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "sip:1@h" || raised != 3 {
		t.Errorf("got %q, raised %d; want [sip:1@h sip:bad@h], 3", got, raised)
	}
}

// TestInstanceStaleSocket: a socket file left by a phone that crashed is replaced.
func TestInstanceStaleSocket(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "i.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close() // the file stays, nobody answers
	if _, err := os.Stat(sock); err != nil {
		t.Fatal(err)
	}
	in, err := listenInstance(sock, func(handoff) error { return nil })
	if err != nil {
		t.Fatalf("stale socket not replaced: %v", err)
	}
	defer in.Close()
	if running, err := handOff(sock, handoff{Raise: true}); !running || err != nil {
		t.Fatalf("after replacing: running %v, err %v", running, err)
	}
}

// TestInstanceSocketPerSettings: different settings files get different sockets, short
// enough for a socket address.
func TestInstanceSocketPerSettings(t *testing.T) {
	a, b := instanceSocket("/home/u/.config/softphone/settings.toml"), instanceSocket("/tmp/x/settings.toml")
	if a == b || len(a) > 100 {
		t.Errorf("sockets %q and %q", a, b)
	}
}
