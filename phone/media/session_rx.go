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
func (s *Session) readLoop(c Transport, handle func([]byte, netip.AddrPort, time.Time)) {
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
			case <-time.After(time.Millisecond): // a transport error must not spin
				continue
			}
		}
		handle(buf[:n], from, time.Now())
	}
}

// unmap turns an IPv4-mapped IPv6 source into plain IPv4, as addresses
// from SDP are kept.
func unmap(a netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(a.Addr().Unmap(), a.Port())
}

// isRTCP reports whether a datagram on the RTP socket is RTCP (RFC 5761
// section 4: packet type 192-223 in the second byte).
func isRTCP(b []byte) bool { return len(b) >= 2 && b[1] >= 192 && b[1] <= 223 }

// handleRTP processes one received RTP datagram. Garbage, payload types not
// negotiated, packets from sources the latching rules (latch.go) refuse and,
// with SRTP, anything failing authentication or the replay check are counted
// and dropped. The cheap checks on the clear header come before SRTP, so
// refused packets cost no HMAC; the source decision that can latch comes
// after it, so only authenticated packets latch. DTLS datagrams (first byte 20-63, RFC
// 7983) go to the DTLS handshake, also before the session starts.
func (s *Session) handleRTP(b []byte, from netip.AddrPort, now time.Time) {
	if isDTLS(b) {
		s.dtlsPath.deliver(b, from)
		return
	}
	if s.rtcpMux.Load() && isRTCP(b) {
		s.handleRTCP(b, from, now)
		return
	}
	if len(b) < rtpHeaderLen || b[0]>>6 != 2 {
		s.ctr.malformed.Add(1)
		return
	}
	from = unmap(from)
	ns := now.UnixNano()
	rawPT := b[1] & 0x7f
	s.mu.Lock()
	started, pt, dtmfPT, onDTMF := s.started, s.pt, s.dtmfPT, s.onDTMF
	// The common case, the source already heard, needs no second lock: only
	// its liveness is refreshed once the packet proves valid.
	known := from == s.remote && s.latch.heard
	may := known || s.mayLatchLocked(from, ns)
	s.mu.Unlock()
	if !started {
		s.ctr.early.Add(1)
		return
	}
	isDTMF := dtmfPT != 0 && rawPT == dtmfPT
	if rawPT != pt && !isDTMF && rawPT != comfortNoisePT {
		s.ctr.unknownPT.Add(1)
		return
	}
	if !may {
		s.ctr.foreign.Add(1)
		return
	}
	b, err := s.srtp.unprotectRTP(b)
	if err != nil {
		s.ctr.authFailed.Add(1)
		return
	}
	var p rtp.Packet
	if err := p.Unmarshal(b); err != nil {
		s.ctr.malformed.Add(1)
		return
	}
	if known {
		s.latch.lastHeard.Store(ns)
	} else if !s.acceptRTP(from, p.SSRC, ns) {
		s.ctr.foreign.Add(1)
		return
	}
	s.lastRx.Store(ns)
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

// acceptRTP is acceptRTPLocked under s.mu.
func (s *Session) acceptRTP(from netip.AddrPort, ssrc uint32, ns int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acceptRTPLocked(from, ssrc, ns)
}

// rtpHeaderLen is the length of an RTP header without CSRCs or extension.
const rtpHeaderLen = 12

// rxState is the playout side; guarded by Session.rxMu.
type rxState struct {
	dec       Decoder
	conceal   Concealer // dec when it conceals losses itself, else nil
	codec     string
	rs        *Resampler
	frame     int    // samples per 20 ms at the codec's sample rate
	badFrames uint64 // payloads that did not decode
	lastErr   error  // the first decode error since configure, for the log
	errTold   bool   // lastErr was logged
	pcm       []int16
	last      []int16 // last good decoded frame, for concealment
	haveLast  bool
	lostRun   int
	out       []int16 // resampler output
	fifo      []int16 // samples at InternalRate waiting to be read

	haveEvent bool   // a telephone-event was received
	eventTS   uint32 // its timestamp, to report each event once
}

// configure sets the playout side up for codec c: decoded PCM at the codec's
// sample rate is resampled to InternalRate (none for G.722 and Opus).
func (r *rxState) configure(c Codec, dec Decoder) {
	r.dec = dec
	r.conceal, _ = dec.(Concealer)
	r.codec = c.Name()
	r.rs = NewResampler(c.SampleRate(), InternalRate)
	r.frame = samplesPerFrame(c.SampleRate())
	r.haveLast, r.lostRun = false, 0
	r.badFrames, r.lastErr, r.errTold = 0, nil, false
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
		pcm, err := r.dec.Decode(r.pcm, payload)
		if err == nil {
			r.pcm = pcm
			r.last = append(r.last[:0], r.pcm...)
			r.haveLast, r.lostRun = len(r.pcm) > 0, 0
			if len(r.pcm) > 0 {
				return r.pcm
			}
			break
		}
		r.badFrames++
		if r.lastErr == nil {
			r.lastErr = err
		}
		return r.lost(jb)
	case FrameLost:
		return r.lost(jb)
	case FrameEmpty:
		r.haveLast = false
	}
	return r.silence()
}

// silence returns one frame of silence at the codec's rate.
func (r *rxState) silence() []int16 {
	r.pcm = r.pcm[:r.frame]
	clear(r.pcm)
	return r.pcm
}

// lost returns a frame standing for one that is missing or did not decode:
// the decoder's own concealment (with the next packet's FEC when it is
// already queued), else the last good frame repeated and faded.
func (r *rxState) lost(jb *JitterBuffer) []int16 {
	if r.conceal != nil && r.haveLast {
		if pcm, err := r.conceal.Conceal(r.pcm, jb.PeekNext()); err == nil && len(pcm) > 0 {
			r.pcm = pcm
			return r.pcm
		}
	}
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
	return r.silence()
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
	if r.lastErr != nil && !r.errTold {
		r.errTold = true // once per codec: a bad stream must not flood the log
		s.log.Warn("received audio that does not decode; concealing it", "codec", r.codec, "err", r.lastErr)
	}
	n := copy(pcm, r.fifo)
	clear(pcm[n:])
	r.fifo = r.fifo[:copy(r.fifo, r.fifo[n:])]
}
