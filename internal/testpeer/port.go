package testpeer

import (
	"errors"
	"fmt"
	"net"
	"testing"
)

// loopbackIP is where the peers of the loopback (unit-level) tests listen.
var loopbackIP = net.IPv4(127, 0, 0, 1)

// FreePort returns a port on 127.0.0.1 that is free for network ("udp" or
// "tcp"). Every port it returns is free for both UDP and TCP at the time of
// the call, so it suits SIP listeners that bind both. The port is released
// before return, so a peer started right after can bind it.
func FreePort(t testing.TB, network string) int {
	t.Helper()
	port, err := freePortOn(loopbackIP, network)
	if err != nil {
		t.Fatalf("testpeer: FreePort(%q): %v", network, err)
	}
	return port
}

// freePortOn returns a port free for UDP and TCP on ip (in the calling
// thread's network namespace).
func freePortOn(ip net.IP, network string) (int, error) {
	var first, second func(net.IP, int) (int, error)
	switch network {
	case "udp", "udp4":
		first, second = probeUDP, probeTCP
	case "tcp", "tcp4":
		first, second = probeTCP, probeUDP
	default:
		return 0, fmt.Errorf("unknown network %q (want udp or tcp)", network)
	}
	var lastErr error = errors.New("no port")
	for range 50 {
		port, err := first(ip, 0)
		if err != nil {
			lastErr = err
			continue
		}
		if _, err := second(ip, port); err == nil {
			return port, nil
		}
	}
	return 0, fmt.Errorf("no port free for UDP and TCP on %s: %w", ip, lastErr)
}

// freeRTPRange returns the first port of n consecutive even-aligned ports
// that are free for UDP on 127.0.0.1, or on h's IP in h's namespace.
func freeRTPRange(t testing.TB, h *Host, n int) int {
	t.Helper()
	ip := net.ParseIP(h.ip())
	var base int
	err := h.In(func() error {
		for range 50 {
			b, err := probeUDP(ip, 0)
			if err != nil {
				continue
			}
			b &^= 1
			if b+n > 65535 {
				continue
			}
			ok := true
			for p := b; p < b+n && ok; p++ {
				_, err := probeUDP(ip, p)
				ok = err == nil
			}
			if ok {
				base = b
				return nil
			}
		}
		return fmt.Errorf("no range of %d free UDP ports on %s", n, ip)
	})
	if err != nil {
		t.Fatalf("testpeer: %v", err)
	}
	return base
}

func probeUDP(ip net.IP, port int) (int, error) {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: ip, Port: port})
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

func probeTCP(ip net.IP, port int) (int, error) {
	l, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: ip, Port: port})
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
