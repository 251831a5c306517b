package phone

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
)

// TestUDPConnect: the SIP socket connected to the server hears only the server; a stranger's
// datagram sent before the server's is dropped by the system, so the first read is the
// server's. The socket still sends anywhere, and moving to another server moves the filter.
// Unconnected, the stranger's datagram is read first.
func TestUDPConnect(t *testing.T) {
	listen := func() *net.UDPConn {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	first := func(c net.PacketConn) string {
		buf := make([]byte, 100)
		n, _, err := c.ReadFrom(buf)
		if err != nil {
			t.Fatal(err)
		}
		return string(buf[:n])
	}
	send := func(from *net.UDPConn, to net.PacketConn, msg string) {
		if _, err := from.WriteTo([]byte(msg), to.LocalAddr()); err != nil {
			t.Fatal(err)
		}
	}
	server, server2, stranger := listen(), listen(), listen()

	plain := listen()
	send(stranger, plain, "stranger")
	send(server, plain, "server")
	if got := first(plain); got != "stranger" {
		t.Fatalf("unconnected socket read %q first, want the stranger's datagram", got)
	}

	u := newUDPPeer(listen())
	if err := u.connect(server.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	send(stranger, u, "stranger")
	send(server, u, "server")
	if got := first(u); got != "server" {
		t.Fatalf("connected socket read %q first, want the server's datagram", got)
	}
	if _, err := u.WriteTo([]byte("to the stranger"), stranger.LocalAddr()); err != nil {
		t.Fatalf("a connected socket cannot send elsewhere: %v", err)
	}
	if got := first(stranger); got != "to the stranger" {
		t.Fatalf("stranger read %q", got)
	}

	if err := u.connect(server2.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	send(server, u, "old server")
	send(server2, u, "new server")
	if got := first(u); got != "new server" {
		t.Fatalf("after moving, read %q first, want the new server's datagram", got)
	}

	// A server that is gone: its ICMP port-unreachable does not end the socket's reads.
	gone := listen()
	goneAddr := gone.LocalAddr().String()
	gone.Close()
	if err := u.connect(goneAddr); err != nil {
		t.Fatal(err)
	}
	if _, err := u.WriteTo([]byte("REGISTER"), gone.LocalAddr()); err != nil && !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("write to a gone server: %v", err)
	}
	if err := u.connect(server.LocalAddr().String()); err != nil {
		t.Fatal(err)
	}
	send(server, u, "back")
	if got := first(u); got != "back" {
		t.Fatalf("after an ICMP error, read %q, want the server's datagram", got)
	}

	if err := u.connect("not an address"); err == nil || !strings.Contains(err.Error(), "udpconnect") {
		t.Errorf("bad address: %v, want an error naming udpconnect", err)
	}
}
