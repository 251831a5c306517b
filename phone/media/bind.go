package media

import (
	"fmt"
	"math/rand/v2"
	"net"
)

// bindPair binds an even RTP port and RTCP on the port above it.
func bindPair(localIP string, portMin, portMax int) (rtpC, rtcpC *net.UDPConn, err error) {
	ip := net.IPv4zero
	if localIP != "" {
		if ip = net.ParseIP(localIP); ip == nil {
			return nil, nil, fmt.Errorf("%w: bad local IP %q", ErrNoPort, localIP)
		}
	}
	network := "udp4"
	if ip.To4() == nil {
		network = "udp6"
	}
	if portMin == 0 && portMax == 0 {
		for range 64 {
			c, err := net.ListenUDP(network, &net.UDPAddr{IP: ip})
			if err != nil {
				return nil, nil, fmt.Errorf("%w: %v", ErrNoPort, err)
			}
			port := c.LocalAddr().(*net.UDPAddr).Port
			if port%2 == 0 && port < 65535 {
				if c2, err := net.ListenUDP(network, &net.UDPAddr{IP: ip, Port: port + 1}); err == nil {
					return c, c2, nil
				}
			}
			c.Close()
		}
		return nil, nil, fmt.Errorf("%w: no even/odd pair found on %s", ErrNoPort, ip)
	}
	if portMin < 1 || portMax > 65535 || portMin > portMax {
		return nil, nil, fmt.Errorf("%w: bad port range %d-%d", ErrNoPort, portMin, portMax)
	}
	first := portMin + portMin%2
	n := (portMax-first)/2 + 1 // even ports whose +1 fits in range or just above
	if first+1 > 65535 || n <= 0 {
		return nil, nil, fmt.Errorf("%w: range %d-%d holds no even port", ErrNoPort, portMin, portMax)
	}
	start := rand.IntN(n)
	for i := range n {
		port := first + 2*((start+i)%n)
		if port+1 > 65535 {
			continue
		}
		c, err := net.ListenUDP(network, &net.UDPAddr{IP: ip, Port: port})
		if err != nil {
			continue
		}
		c2, err := net.ListenUDP(network, &net.UDPAddr{IP: ip, Port: port + 1})
		if err != nil {
			c.Close()
			continue
		}
		return c, c2, nil
	}
	return nil, nil, fmt.Errorf("%w: all ports in %d-%d busy", ErrNoPort, portMin, portMax)
}
