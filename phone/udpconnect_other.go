//go:build !unix

package phone

import (
	"errors"
	"net"
	"net/netip"
	"syscall"
)

// connectFD is not available here: udpconnect needs connect(2) on the socket.
func connectFD(sc syscall.Conn, ap netip.AddrPort, local net.Addr) error {
	return errors.New("connected UDP sockets are not supported on this system")
}
