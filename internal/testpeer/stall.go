package testpeer

import (
	"net"
	"testing"
)

// StallingListener listens on TCP addr ("127.0.0.1:0", say), accepts every connection and
// never answers on it (a TLS peer stalling the handshake, a hung server). It is closed, with
// the connections it holds, when the test ends.
func StallingListener(t testing.TB, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c) // held open, never answered
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln
}
