package media

import (
	"context"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"
)

// isDTLS reports whether a datagram on the RTP socket is DTLS (RFC 7983 section 7: first
// byte 20-63); RTP and RTCP start with 128-191, STUN with 0-3.
func isDTLS(b []byte) bool { return len(b) > 0 && b[0] >= 20 && b[0] <= 63 }

// dtlsPacket is one received DTLS datagram.
type dtlsPacket struct {
	b    []byte
	from netip.AddrPort
}

// dtlsQueue is how many DTLS datagrams wait for the handshake to read them: a far end
// that is the DTLS client may start before our side has the answer (RFC 5763 section 5).
const dtlsQueue = 32

// dtlsPath is the net.PacketConn a DTLS handshake runs over: datagrams the session's RTP
// socket received with a DTLS first byte, and writes out of that socket. Closing it does
// not close the socket.
type dtlsPath struct {
	s    *Session
	in   chan dtlsPacket
	done chan struct{}
	once sync.Once

	mu    sync.Mutex
	dl    time.Time      // read deadline; zero = none
	wake  chan struct{}  // closed when dl changes
	heard netip.AddrPort // source of the last DTLS datagram; invalid until one came
}

func newDTLSPath(s *Session) *dtlsPath {
	return &dtlsPath{s: s, in: make(chan dtlsPacket, dtlsQueue), done: make(chan struct{}), wake: make(chan struct{})}
}

// deliver queues a received DTLS datagram (copied: the read buffer is reused); a full
// queue drops it, as the network may.
func (p *dtlsPath) deliver(b []byte, from netip.AddrPort) {
	p.mu.Lock()
	p.heard = unmap(from)
	p.mu.Unlock()
	select {
	case p.in <- dtlsPacket{b: append([]byte(nil), b...), from: unmap(from)}:
	default: // the handshake retransmits what is lost here
	}
}

// ReadFrom returns the next DTLS datagram, honouring the read deadline.
func (p *dtlsPath) ReadFrom(b []byte) (int, net.Addr, error) {
	for {
		p.mu.Lock()
		dl, wake := p.dl, p.wake
		p.mu.Unlock()
		var timeout <-chan time.Time
		if !dl.IsZero() {
			d := time.Until(dl)
			if d <= 0 {
				return 0, nil, os.ErrDeadlineExceeded
			}
			t := time.NewTimer(d)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case pkt := <-p.in:
			return copy(b, pkt.b), net.UDPAddrFromAddrPort(pkt.from), nil
		case <-p.done:
			return 0, nil, net.ErrClosed
		case <-timeout:
			return 0, nil, os.ErrDeadlineExceeded
		case <-wake:
		}
	}
}

// WriteTo sends a DTLS datagram from the RTP socket: to where the far end's DTLS came
// from once some did (a far end behind NAT is reached at its source, as RTP latches, see
// latch.go; the certificate check keeps a stranger from completing the handshake), else to
// addr, or, for an address without a port, to the session's RTP destination.
func (p *dtlsPath) WriteTo(b []byte, addr net.Addr) (int, error) {
	select {
	case <-p.done:
		return 0, net.ErrClosed
	default:
	}
	p.mu.Lock()
	to := p.heard
	p.mu.Unlock()
	if !to.IsValid() {
		ua, ok := addr.(*net.UDPAddr)
		if !ok {
			return 0, &net.AddrError{Err: "not a UDP address", Addr: addr.String()}
		}
		to = unmap(ua.AddrPort())
	}
	if to.Port() == 0 {
		p.s.mu.Lock()
		to = p.s.remote
		p.s.mu.Unlock()
	}
	if !to.IsValid() || to.Port() == 0 {
		return 0, &net.AddrError{Err: "far end's RTP address not known yet", Addr: addr.String()}
	}
	return p.s.rtpConn.WriteToUDPAddrPort(b, to)
}

// Close ends reads; the RTP socket stays open.
func (p *dtlsPath) Close() error {
	p.once.Do(func() { close(p.done) })
	return nil
}

// LocalAddr is the RTP socket's address.
func (p *dtlsPath) LocalAddr() net.Addr { return p.s.rtpConn.LocalAddr() }

// SetDeadline sets the read deadline (writes do not block).
func (p *dtlsPath) SetDeadline(t time.Time) error { return p.SetReadDeadline(t) }

// SetReadDeadline sets the read deadline and wakes a blocked reader to see it.
func (p *dtlsPath) SetReadDeadline(t time.Time) error {
	p.mu.Lock()
	p.dl = t
	close(p.wake)
	p.wake = make(chan struct{})
	p.mu.Unlock()
	return nil
}

// SetWriteDeadline does nothing: UDP writes do not block.
func (p *dtlsPath) SetWriteDeadline(time.Time) error { return nil }

// AwaitDTLS holds media until StartDTLS installs keys: from now on no RTP or RTCP leaves
// in the clear and none in the clear is accepted. A session already keyed keeps its keys
// until the handshake replaces them. Call it before Start when the negotiation asked for
// DTLS-SRTP, then StartDTLS once the far end's address is set.
func (s *Session) AwaitDTLS() { s.srtp.setPending() }

// StartDTLS keys the session by a DTLS-SRTP handshake with the far end over the RTP
// socket (DTLS is told apart from RTP and RTCP by its first byte, RFC 7983). Until the
// keys are in place no RTP or RTCP leaves and none is accepted. It returns at once,
// reporting whether a handshake started: a session runs one DTLS association for its
// life, so a later call (a re-INVITE) does nothing and returns false. Call it after Start
// gave the far end's address (a DTLS client writes to it at once). When it started,
// done is called once from another goroutine with nil when SRTP runs, or the error
// (wrapping ErrDTLSTimeout or ErrDTLSFailed) when the handshake failed.
func (s *Session) StartDTLS(cfg DTLSConfig, done func(error)) bool {
	s.mu.Lock()
	if s.dtlsStarted || s.closed {
		s.mu.Unlock()
		return false
	}
	s.dtlsStarted = true
	remote := s.remote
	s.wg.Add(1) // under mu: Close, which waits, cannot have begun
	s.mu.Unlock()
	s.srtp.setPending()
	go func() {
		defer s.wg.Done()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		keys, conn, err := DTLSHandshake(ctx, s.dtlsPath, net.UDPAddrFromAddrPort(remote), cfg)
		if err == nil {
			if err = s.SetSRTPSuite(keys.Suite, keys.Local, keys.Remote); err != nil {
				conn.Close()
			}
		}
		if err != nil {
			s.log.Warn("dtls-srtp handshake failed", "client", cfg.Client, "err", err)
			done(err)
			return
		}
		s.mu.Lock()
		s.dtlsConn = conn
		closed := s.closed
		s.mu.Unlock()
		if closed {
			conn.Close()
		}
		s.log.Info("dtls-srtp keys set", "client", cfg.Client, "suite", keys.Suite)
		done(nil)
	}()
	return true
}

// closeDTLS sends close_notify and ends the DTLS association, if any.
func (s *Session) closeDTLS() {
	s.mu.Lock()
	c := s.dtlsConn
	s.dtlsConn = nil
	s.mu.Unlock()
	if c != nil {
		c.Close()
	}
	s.dtlsPath.Close()
}

var _ net.PacketConn = (*dtlsPath)(nil)
