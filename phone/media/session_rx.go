package media

import (
	"errors"
	"net"
	"net/netip"
	"time"

	"github.com/pion/rtp"
)

const comfortNoisePT = 13

// readLoop reads datagrams from c and hands them to handle until Close.
func (s *Session) readLoop(c *net.UDPConn, handle func([]byte, netip.AddrPort, time.Time)) {
	defer s.wg.Done()
	buf := make([]byte, 2048)
	for {
		n, from, err := c.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			select {
			case <-s.done:
				return
			default:
				continue
			}
		}
		handle(buf[:n], from, time.Now())
	}
}

// accept decides whether a packet from "from" is from the peer, latching to it
// (symmetric RTP) when the remote is unknown or only its port differs and
// nothing has been heard from the signalled port yet.
func (s *Session) accept(from netip.AddrPort, rtcp bool) bool {
	from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
	s.mu.Lock()
	defer s.mu.Unlock()
	want := s.remote
	if rtcp {
		want = s.rtcpRemote
	}
	switch {
	case from == want:
	case !want.IsValid() || (from.Addr() == want.Addr() && !s.heard):
		if rtcp {
			s.rtcpRemote = from
		} else {
			s.remote = from
			if !s.rtcpRemote.IsValid() {
				s.rtcpRemote = netip.AddrPortFrom(from.Addr(), from.Port()+1)
			}
		}
		s.log.Info("latched to remote", "addr", from, "rtcp", rtcp)
	case rtcp && from.Addr() == s.remote.Addr():
		// RTCP from the peer's host on an unexpected port (rtcp-mux, NAT): take it.
	default:
		return false
	}
	if !rtcp {
		s.heard = true
	}
	return true
}

// handleRTP processes one received RTP datagram. Garbage, and with SRTP on
// anything failing authentication or the replay check, is counted and dropped.
func (s *Session) handleRTP(b []byte, from netip.AddrPort, now time.Time) {
	b, err := s.srtp.unprotectRTP(b)
	if err != nil {
		s.ctr.authFailed.Add(1)
		return
	}
	var p rtp.Packet
	if err := p.Unmarshal(b); err != nil || p.Version != 2 {
		s.ctr.malformed.Add(1)
		return
	}
	s.mu.Lock()
	started, pt, dtmfPT, onDTMF := s.started, s.pt, s.dtmfPT, s.onDTMF
	s.mu.Unlock()
	if !started {
		s.ctr.early.Add(1)
		return
	}
	isDTMF := dtmfPT != 0 && p.PayloadType == dtmfPT
	if p.PayloadType != pt && !isDTMF && p.PayloadType != comfortNoisePT {
		s.ctr.unknownPT.Add(1)
		return
	}
	if !s.accept(from, false) {
		s.ctr.foreign.Add(1)
		return
	}
	s.lastRx.Store(now.UnixNano())
	s.ctr.packetsRecv.Add(1)
	s.ctr.bytesRecv.Add(uint64(len(p.Payload)))
	if !s.recvOn.Load() {
		return
	}
	switch {
	case isDTMF:
		s.handleDTMF(&p, onDTMF)
	case p.PayloadType == pt:
		if jb := s.jb.Load(); jb != nil {
			jb.Push(&p, now)
		}
	}
}

// rxState is the playout side; guarded by Session.rxMu.
type rxState struct {
	dec      Decoder
	rs       *Resampler
	frame    int // samples per 20 ms at the codec rate
	pcm      []int16
	last     []int16 // last good decoded frame, for concealment
	haveLast bool
	lostRun  int
	out      []int16 // resampler output
	fifo     []int16 // samples at InternalRate waiting to be read

	haveEvent bool   // a telephone-event was received
	eventTS   uint32 // its timestamp, to report each event once
}

func (r *rxState) configure(c Codec) {
	r.dec = c.NewDecoder()
	r.rs = NewResampler(c.ClockRate(), InternalRate)
	r.frame = samplesPerFrame(c.ClockRate())
	r.haveLast, r.lostRun = false, 0
	r.fifo = r.fifo[:0]
	if r.pcm == nil {
		r.pcm = make([]int16, 0, 2048)
		r.last = make([]int16, 0, 2048)
		r.out = make([]int16, 0, 4096)
		r.fifo = make([]int16, 0, 8192)
	}
}

// concealGains is the attenuation of successive concealed frames; after them
// concealment fades to silence.
var concealGains = [...]float32{1, 0.7, 0.4, 0.15, 0}

// next returns the next frame at the codec rate for one playout slot.
func (r *rxState) next(jb *JitterBuffer) []int16 {
	payload, st := jb.Pop()
	switch st {
	case FrameOK:
		r.pcm = r.dec.Decode(r.pcm, payload)
		r.last = append(r.last[:0], r.pcm...)
		r.haveLast, r.lostRun = len(r.pcm) > 0, 0
		if len(r.pcm) > 0 {
			return r.pcm
		}
	case FrameLost:
		if r.haveLast && r.lostRun+1 < len(concealGains) {
			r.lostRun++
			g0, g1 := concealGains[r.lostRun-1], concealGains[r.lostRun]
			r.pcm = r.pcm[:0]
			n := float32(len(r.last))
			for i, v := range r.last {
				g := g0 + (g1-g0)*float32(i)/n // fade smoothly across the frame
				r.pcm = append(r.pcm, int16(float32(v)*g))
			}
			return r.pcm
		}
	case FrameEmpty:
		r.haveLast = false
	}
	r.pcm = r.pcm[:r.frame]
	clear(r.pcm)
	return r.pcm
}

// ReadFrame fills pcm (FrameSamples samples at InternalRate) with received
// audio: jitter buffer -> decoder (concealing lost frames) -> resampler.
// Before Start, or when nothing has arrived, it is silence.
func (s *Session) ReadFrame(pcm []int16) {
	jb := s.jb.Load()
	s.rxMu.Lock()
	defer s.rxMu.Unlock()
	r := &s.rx
	if jb == nil || r.dec == nil {
		clear(pcm)
		return
	}
	for i := 0; len(r.fifo) < len(pcm) && i < 8; i++ {
		r.out = r.rs.Process(r.out, r.next(jb))
		r.fifo = append(r.fifo, r.out...)
	}
	n := copy(pcm, r.fifo)
	clear(pcm[n:])
	r.fifo = r.fifo[:copy(r.fifo, r.fifo[n:])]
}
