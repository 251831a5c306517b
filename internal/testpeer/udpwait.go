package testpeer

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// UDPBound reports whether something in this network namespace has bound 127.0.0.1:port
// over UDP (read from /proc/net/udp).
func UDPBound(port int) bool {
	b, err := os.ReadFile("/proc/net/udp")
	if err != nil {
		return false
	}
	return strings.Contains(string(b), fmt.Sprintf("0100007F:%04X", port))
}

// WaitUDPBound waits until a peer (sipp, say) listens on 127.0.0.1:port over UDP, failing the
// test after 10 s.
func WaitUDPBound(t testing.TB, port int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !UDPBound(port) {
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: nothing listens on udp 127.0.0.1:%d", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
