package media

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/pion/stun/v3"
)

// ErrSTUN is wrapped by every failure to learn a public address from a STUN server.
var ErrSTUN = errors.New("media: STUN")

// DefaultSTUNTimeout bounds a STUN Binding exchange when SessionConfig.STUNTimeout is 0.
const DefaultSTUNTimeout = 2 * time.Second

// stunMapped asks the STUN server (host[:port], 3478 when omitted) for the public address
// packets from conn arrive from (RFC 8489 Binding, XOR-MAPPED-ADDRESS; messages encoded and
// decoded by pion/stun). It retransmits after 250 ms, 500 ms, 1 s ... and gives up after
// timeout. conn must not be read by anyone else meanwhile; its read deadline is cleared
// on return.
func stunMapped(conn *net.UDPConn, server string, timeout time.Duration) (netip.AddrPort, error) {
	if timeout <= 0 {
		timeout = DefaultSTUNTimeout
	}
	hostport := server
	if _, _, err := net.SplitHostPort(server); err != nil {
		hostport = net.JoinHostPort(server, "3478")
	}
	network := "udp4"
	if la, ok := conn.LocalAddr().(*net.UDPAddr); ok && la.IP.To4() == nil && !la.IP.IsUnspecified() {
		network = "udp6"
	}
	raddr, err := net.ResolveUDPAddr(network, hostport)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%w: server %s: %v", ErrSTUN, server, err)
	}
	to := unmap(raddr.AddrPort())
	req, err := stun.Build(stun.TransactionID, stun.BindingRequest, stun.Fingerprint)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%w: build request: %v", ErrSTUN, err)
	}
	defer conn.SetReadDeadline(time.Time{})
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 1500)
	rto := 250 * time.Millisecond
	for time.Now().Before(deadline) {
		if _, err := conn.WriteToUDPAddrPort(req.Raw, to); err != nil {
			return netip.AddrPort{}, fmt.Errorf("%w: send to %s: %v", ErrSTUN, server, err)
		}
		wait := time.Now().Add(rto)
		if wait.After(deadline) {
			wait = deadline
		}
		conn.SetReadDeadline(wait)
		for {
			n, from, err := conn.ReadFromUDPAddrPort(buf)
			if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					break // retransmit
				}
				return netip.AddrPort{}, fmt.Errorf("%w: read: %v", ErrSTUN, err)
			}
			if unmap(from) != to || !stun.IsMessage(buf[:n]) {
				continue // not the server's answer (early RTP, a stray packet)
			}
			res := &stun.Message{Raw: append([]byte(nil), buf[:n]...)}
			if err := res.Decode(); err != nil || res.TransactionID != req.TransactionID {
				continue
			}
			if res.Type != stun.BindingSuccess {
				return netip.AddrPort{}, fmt.Errorf("%w: server %s answered %s", ErrSTUN, server, res.Type)
			}
			var xor stun.XORMappedAddress
			if err := xor.GetFrom(res); err != nil {
				var mapped stun.MappedAddress
				if err2 := mapped.GetFrom(res); err2 != nil {
					return netip.AddrPort{}, fmt.Errorf("%w: server %s answered without a mapped address: %v", ErrSTUN, server, err)
				}
				xor.IP, xor.Port = mapped.IP, mapped.Port
			}
			ip, ok := netip.AddrFromSlice(xor.IP)
			if !ok {
				return netip.AddrPort{}, fmt.Errorf("%w: server %s answered a bad address", ErrSTUN, server)
			}
			return netip.AddrPortFrom(ip.Unmap(), uint16(xor.Port)), nil
		}
		rto *= 2
	}
	return netip.AddrPort{}, fmt.Errorf("%w: server %s did not answer within %v", ErrSTUN, server, timeout)
}
