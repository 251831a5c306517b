package media

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/dtls/v3"
)

// Errors returned by Session methods, wrapped with detail.
var (
	ErrClosed     = errors.New("media: session closed")
	ErrNoCodec    = errors.New("media: no codec")
	ErrNoPort     = errors.New("media: no free RTP port")
	ErrNoDTMF     = errors.New("media: no telephone-event payload type negotiated")
	ErrBadDigit   = errors.New("media: not a DTMF digit")
	ErrNotStarted = errors.New("media: session not started")
)

// SessionConfig configures one call's RTP session.
type SessionConfig struct {
	LocalIP           string        // IP to bind RTP/RTCP, e.g. "127.0.0.1" or "0.0.0.0" ("" = all)
	PortMin, PortMax  int           // 0,0 = any free port; else an even port in range, RTCP on port+1
	Codec             Codec         // negotiated codec, used when Start is given nil
	PayloadType       uint8         // negotiated payload type for Codec
	DTMFPayloadType   uint8         // telephone-event payload type; 0 = none negotiated
	Remote            *net.UDPAddr  // remote RTP address; may be nil until known
	JitterDelay       time.Duration // jitter buffer target delay; 0 = 60 ms
	InactivityTimeout time.Duration // 0 = off; no RTP/RTCP for this long -> OnInactive
	RTCPInterval      time.Duration // RTCP report interval; 0 = 5 s
	STUNServer        string        // STUN server host[:port] asked for the RTP socket's public address; "" = none
	STUNTimeout       time.Duration // bound on the STUN exchange; 0 = DefaultSTUNTimeout
	Logger            *slog.Logger  // nil = discard
}

// Session is one call's RTP/RTCP session: it sends local audio frames and
// plays out received ones. It implements Stream.
type Session struct {
	cfg      SessionConfig
	log      *slog.Logger
	rtpConn  Transport
	rtcpConn *net.UDPConn // nil when RTCP can only be multiplexed (ListenOn)
	muxOnly  bool         // RTCP always on the RTP transport (ListenOn)
	ssrc     uint32
	cname    string
	public   netip.AddrPort // RTP socket's address as the STUN server saw it; invalid when unknown
	stunErr  error          // why the STUN exchange failed, nil when it did not run or worked

	mu          sync.Mutex // guards the fields below
	started     bool
	closed      bool
	codec       Codec
	pt, dtmfPT  uint8
	remote      netip.AddrPort // RTP destination; invalid until known
	rtcpRemote  netip.AddrPort // RTCP destination; follows remote (see latch.go)
	latch       latchState
	onDTMF      func(rune)
	onInactive  func(time.Duration)
	dtlsStarted bool       // StartDTLS ran
	dtlsConn    *dtls.Conn // the DTLS association once its handshake finished

	sendOn, recvOn atomic.Bool
	rtcpMux        atomic.Bool // RTCP shares the RTP socket and address (RFC 5761)
	dtmfActive     atomic.Bool
	lastRx         atomic.Int64 // unix nanoseconds of the last accepted RTP/RTCP
	jb             atomic.Pointer[JitterBuffer]

	txMu     sync.Mutex
	tx       txState
	dtmfMu   sync.Mutex // serialises SendDTMF
	rxMu     sync.Mutex
	rx       rxState
	rtcpMu   sync.Mutex
	rc       rtcpState
	srtp     srtpState
	ctr      counters
	dtlsPath *dtlsPath // DTLS datagrams of the RTP socket (dtlsconn.go)

	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

// Transport is what a session sends and receives RTP (and multiplexed RTCP) over: a UDP
// socket (*net.UDPConn), or an ICE agent's selected pair (ICEAgent.Transport), on which
// DTLS can sit later. Reads return net.ErrClosed once it is closed.
type Transport interface {
	ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error)
	WriteToUDPAddrPort(b []byte, to netip.AddrPort) (int, error)
	LocalAddr() net.Addr
	Close() error
}

// Listen binds the RTP and RTCP sockets so the port can go into an SDP offer.
// Call Start to begin sending and receiving.
func Listen(cfg SessionConfig) (*Session, error) {
	rtpC, rtcpC, err := bindPair(cfg.LocalIP, cfg.PortMin, cfg.PortMax)
	if err != nil {
		return nil, err
	}
	s := newSession(cfg, rtpC, rtcpC)
	if cfg.STUNServer != "" {
		// Before the read loops start: the Binding answer arrives on the RTP socket itself,
		// so the mapping learned is the one the RTP sent from it later goes through.
		s.public, s.stunErr = stunMapped(rtpC, cfg.STUNServer, cfg.STUNTimeout)
		if s.stunErr == nil {
			s.log.Info("stun: public address of the rtp socket", "server", cfg.STUNServer, "public", s.public)
		}
	}
	s.wg.Add(2)
	go s.readLoop(s.rtpConn, s.handleRTP)
	go s.readLoop(s.rtcpConn, s.handleRTCP)
	return s, nil
}

// ListenOn makes a session over t (an ICE transport, say), with RTCP multiplexed on it
// whatever SetRTCPMux is told (RFC 5761; ICE here has one component). The session owns t
// and closes it. cfg's LocalIP, ports and STUNServer are not used.
func ListenOn(cfg SessionConfig, t Transport) *Session {
	s := newSession(cfg, t, nil)
	s.muxOnly = true
	s.rtcpMux.Store(true)
	s.wg.Add(1)
	go s.readLoop(s.rtpConn, s.handleRTP)
	return s
}

// newSession is the part of Listen and ListenOn that starts nothing.
func newSession(cfg SessionConfig, rtpC Transport, rtcpC *net.UDPConn) *Session {
	if cfg.JitterDelay <= 0 {
		cfg.JitterDelay = 60 * time.Millisecond
	}
	if cfg.RTCPInterval <= 0 {
		cfg.RTCPInterval = 5 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Session{cfg: cfg, rtpConn: rtpC, rtcpConn: rtcpC, ssrc: rand.Uint32(), done: make(chan struct{})}
	s.dtlsPath = newDTLSPath(s)
	s.cname = fmt.Sprintf("%08x@softphone", rand.Uint32())
	s.log = log.With("rtp", fmt.Sprint(rtpC.LocalAddr()))
	s.tx.seq, s.tx.ts = uint16(rand.Uint32()), rand.Uint32()
	s.sendOn.Store(true)
	s.recvOn.Store(true)
	if cfg.Remote != nil {
		s.setRemoteLocked(cfg.Remote.AddrPort())
	}
	return s
}

// LocalAddr is the bound RTP address (RTCP is on the next port).
func (s *Session) LocalAddr() *net.UDPAddr {
	a, _ := s.rtpConn.LocalAddr().(*net.UDPAddr)
	return a
}

// PublicAddr is the RTP socket's public address learned from SessionConfig.STUNServer,
// nil when no STUN server was asked or it gave no answer (see STUNError).
func (s *Session) PublicAddr() *net.UDPAddr {
	if !s.public.IsValid() {
		return nil
	}
	return net.UDPAddrFromAddrPort(s.public)
}

// STUNError says why asking SessionConfig.STUNServer failed (wrapping ErrSTUN); nil when
// it was not asked or answered.
func (s *Session) STUNError() error { return s.stunErr }

// Start begins sending and receiving with the negotiated codec, payload type,
// telephone-event payload type (0 = none) and remote RTP address. It may be
// called again to change any of them (re-INVITE). A nil codec or remote keeps
// the configured or current one.
func (s *Session) Start(codec Codec, pt uint8, dtmfPT uint8, remote *net.UDPAddr) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	if codec == nil {
		codec, pt = s.cfg.Codec, s.cfg.PayloadType
	}
	if codec == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: Start needs a negotiated codec", ErrNoCodec)
	}
	changed := s.codec == nil || s.codec.Name() != codec.Name() || s.codec.ClockRate() != codec.ClockRate() || s.pt != pt
	var enc Encoder
	var dec Decoder
	if changed {
		// Build the coders before anything changes, so a codec that cannot
		// start leaves the session as it was.
		var err error
		enc, err = codec.NewEncoder()
		if err != nil {
			s.mu.Unlock()
			return fmt.Errorf("media: %s encoder: %w", codec.Name(), err)
		}
		dec, err = codec.NewDecoder()
		if err != nil {
			s.mu.Unlock()
			return fmt.Errorf("media: %s decoder: %w", codec.Name(), err)
		}
	}
	s.codec, s.pt, s.dtmfPT = codec, pt, dtmfPT
	if remote != nil {
		s.setRemoteLocked(remote.AddrPort())
	}
	first := !s.started
	s.started = true
	s.mu.Unlock()

	if changed {
		s.configure(codec, pt, enc, dec)
	}
	if first {
		s.lastRx.Store(time.Now().UnixNano())
		s.wg.Add(1)
		go s.rtcpLoop()
		if s.cfg.InactivityTimeout > 0 {
			s.wg.Add(1)
			go s.watchInactivity(s.cfg.InactivityTimeout)
		}
	}
	s.log.Debug("rtp session started", "codec", codec.Name(), "pt", pt, "dtmf_pt", dtmfPT, "remote", remote)
	return nil
}

// configure installs a new codec: a jitter buffer on its RTP clock, the send
// side and the playout side with the given coders.
func (s *Session) configure(codec Codec, pt uint8, enc Encoder, dec Decoder) {
	s.jb.Store(NewJitterBuffer(codec.ClockRate(), samplesPerFrame(codec.ClockRate()), s.cfg.JitterDelay))
	s.txMu.Lock()
	s.tx.configure(codec, pt, enc)
	s.txMu.Unlock()
	s.rxMu.Lock()
	s.rx.configure(codec, dec)
	s.rxMu.Unlock()
}

// SetRemote sets the signalled remote RTP address (RTCP goes to the next
// port, or the same one with rtcp-mux). Media is sent to the source the
// session latched to when it differs (symmetric RTP, see latch.go); the same
// address signalled again keeps that latch.
func (s *Session) SetRemote(remote *net.UDPAddr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setRemoteLocked(remote.AddrPort())
}

// SetRTCPMux turns RTCP multiplexing on the RTP port (RFC 5761, a=rtcp-mux
// agreed) on or off: with it RTCP is sent from the RTP socket to the RTP
// destination, and RTCP arriving on the RTP socket is recognised by its
// packet type (192-223).
func (s *Session) SetRTCPMux(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	on = on || s.muxOnly
	s.rtcpMux.Store(on)
	l := &s.latch
	switch {
	case on:
		l.sdpRTCP, s.rtcpRemote = l.sdp, s.remote
	case l.sdp.IsValid():
		l.sdpRTCP = netip.AddrPortFrom(l.sdp.Addr(), l.sdp.Port()+1)
		s.rtcpRemote = netip.AddrPortFrom(s.remote.Addr(), s.remote.Port()+1)
	}
	l.rtcpHeard = false
}

// SetRemoteRTCP takes the far end's RTCP address from a=rtcp (RFC 3605) in place of the
// RTP port+1; nil, or rtcp-mux on, changes nothing. A stream latched to another source
// keeps sending RTCP to that source's port+1 (latch.go).
func (s *Session) SetRemoteRTCP(addr *net.UDPAddr) {
	if addr == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rtcpMux.Load() {
		return
	}
	a := unmap(addr.AddrPort())
	l := &s.latch
	if l.sdpRTCP == a {
		return
	}
	l.sdpRTCP = a
	if s.remote == l.sdp {
		s.rtcpRemote, l.rtcpHeard = a, false
	}
}

// RemoteAddr is where RTP is sent now: the signalled address, or the source
// the session latched to; nil while unknown.
func (s *Session) RemoteAddr() *net.UDPAddr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.remote.IsValid() {
		return nil
	}
	return net.UDPAddrFromAddrPort(s.remote)
}

// SetDirection turns sending and receiving on or off (hold): with send=false
// no RTP leaves; with recv=false received audio is discarded.
func (s *Session) SetDirection(send, recv bool) {
	if send && !s.sendOn.Load() {
		s.txMu.Lock()
		s.tx.marker = true // a new talkspurt after the pause
		s.txMu.Unlock()
	}
	s.sendOn.Store(send)
	s.recvOn.Store(recv)
}

// OnDTMF sets the callback for received RFC 4733 digits, reported once per
// event. It runs on the receive goroutine and must not block.
func (s *Session) OnDTMF(f func(digit rune)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onDTMF = f
}

// OnInactive sets the callback fired once when no RTP or RTCP has arrived for
// the configured InactivityTimeout.
func (s *Session) OnInactive(f func(idle time.Duration)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onInactive = f
}

// Close sends an RTCP BYE, stops the goroutines and releases the sockets.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		wasStarted := s.started
		s.closed = true
		s.mu.Unlock()
		if wasStarted {
			s.sendBye()
		}
		s.closeDTLS()
		close(s.done)
		s.rtpConn.Close()
		if s.rtcpConn != nil {
			s.rtcpConn.Close()
		}
		s.wg.Wait()
	})
	return nil
}

// watchInactivity fires OnInactive once when nothing was received for timeout.
func (s *Session) watchInactivity(timeout time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(min(max(timeout/4, 10*time.Millisecond), time.Second))
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.C:
			idle := now.Sub(time.Unix(0, s.lastRx.Load()))
			if idle < timeout {
				continue
			}
			s.mu.Lock()
			f := s.onInactive
			s.mu.Unlock()
			s.log.Info("rtp inactivity timeout", "idle", idle)
			if f != nil {
				f(idle)
			}
			return
		}
	}
}
