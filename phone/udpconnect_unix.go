//go:build unix

package phone

import (
	"net"
	"net/netip"
	"syscall"
)

// connectFD connects the UDP socket under sc to ap (an IPv4 address on an IPv6 socket in
// its mapped form).
func connectFD(sc syscall.Conn, ap netip.AddrPort, local net.Addr) error {
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var sa syscall.Sockaddr
	if la, ok := local.(*net.UDPAddr); ok && la.IP.To4() == nil && ap.Addr().Is4() {
		sa = &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: netip.AddrFrom16(ap.Addr().As16()).As16()}
	} else if ap.Addr().Is4() {
		sa = &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}
	} else {
		sa = &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: ap.Addr().As16()}
	}
	var cerr error
	if err := rc.Control(func(fd uintptr) { cerr = syscall.Connect(int(fd), sa) }); err != nil {
		return err
	}
	return cerr
}
