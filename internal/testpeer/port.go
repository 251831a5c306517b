package testpeer

import (
	"net"
	"testing"
)

// FreePort returns a port on 127.0.0.1 that is free for network ("udp" or
// "tcp"). Every port it returns is free for both UDP and TCP at the time of
// the call, so it suits SIP listeners that bind both. The port is released
// before return, so a peer started right after can bind it.
func FreePort(t testing.TB, network string) int {
	t.Helper()
	var first, second func(int) (int, error)
	switch network {
	case "udp", "udp4":
		first, second = probeUDP, probeTCP
	case "tcp", "tcp4":
		first, second = probeTCP, probeUDP
	default:
		t.Fatalf("testpeer: FreePort: unknown network %q (want udp or tcp)", network)
	}
	for range 50 {
		port, err := first(0)
		if err != nil {
			continue
		}
		if _, err := second(port); err == nil {
			return port
		}
	}
	t.Fatalf("testpeer: FreePort(%q): no port free for UDP and TCP on 127.0.0.1", network)
	return 0
}

// freeRTPRange returns the first port of n consecutive even-aligned ports
// that are free for UDP on 127.0.0.1.
func freeRTPRange(t testing.TB, n int) int {
	t.Helper()
	for range 50 {
		base, err := probeUDP(0)
		if err != nil {
			continue
		}
		base &^= 1
		if base+n > 65535 {
			continue
		}
		ok := true
		for p := base; p < base+n && ok; p++ {
			_, err := probeUDP(p)
			ok = err == nil
		}
		if ok {
			return base
		}
	}
	t.Fatalf("testpeer: no range of %d free UDP ports on 127.0.0.1", n)
	return 0
}

func probeUDP(port int) (int, error) {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

func probeTCP(port int) (int, error) {
	l, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
