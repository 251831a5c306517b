package phone

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"syscall"
)

// udpPeer is the seed's udpconnect: the SIP UDP socket connected (connect(2)) to the server
// in use, so the system drops datagrams from any other address before the phone sees
// them (a scanner's INVITE, a stranger's call). The registrar connects it to each server
// it tries, so failover still hears the next server's answers; requests to other addresses
// (a Record-Route elsewhere) still leave from the socket, only their answers cannot come
// back. A connected UDP socket also reports ICMP port-unreachable as ECONNREFUSED on the
// next read or write; readFrom and writeTo below swallow it so the listener keeps serving.
type udpPeer struct {
	net.PacketConn // the *net.UDPConn sipgo serves

	mu   sync.Mutex
	peer netip.AddrPort // the connected server, invalid when none yet
}

// newUDPPeer wraps the listening socket c for udpconnect.
func newUDPPeer(c net.PacketConn) *udpPeer { return &udpPeer{PacketConn: c} }

// connect connects the socket to addr ("IP:port"); connecting again moves it.
func (u *udpPeer) connect(addr string) error {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return fmt.Errorf("parameter udpconnect: server address %q is not IP:port: %v", addr, err)
	}
	ap = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	u.mu.Lock()
	defer u.mu.Unlock()
	if ap == u.peer {
		return nil
	}
	sc, ok := u.PacketConn.(syscall.Conn)
	if !ok {
		return fmt.Errorf("parameter udpconnect: the SIP socket cannot be connected")
	}
	if err := connectFD(sc, ap, u.PacketConn.LocalAddr()); err != nil {
		return fmt.Errorf("parameter udpconnect=true: cannot connect the SIP socket to %s: %w", addr, err)
	}
	u.peer = ap
	return nil
}

// ReadFrom reads the next datagram, skipping the ECONNREFUSED a connected socket reports
// after an ICMP port-unreachable.
func (u *udpPeer) ReadFrom(b []byte) (int, net.Addr, error) {
	for {
		n, a, err := u.PacketConn.ReadFrom(b)
		if err != nil && errors.Is(err, syscall.ECONNREFUSED) {
			continue
		}
		return n, a, err
	}
}

// WriteTo sends b to addr, once more when the write only reported an earlier ICMP error.
func (u *udpPeer) WriteTo(b []byte, addr net.Addr) (int, error) {
	n, err := u.PacketConn.WriteTo(b, addr)
	if err != nil && errors.Is(err, syscall.ECONNREFUSED) {
		n, err = u.PacketConn.WriteTo(b, addr)
	}
	return n, err
}
