package media

import (
	"errors"
	"fmt"
	"net/netip"
	"sync/atomic"

	"github.com/pion/rtp"
)

// txState is the send side; guarded by Session.txMu.
type txState struct {
	enc       Encoder
	rs        *Resampler
	pt        uint8
	clockRate int
	frameTS   uint32 // timestamp units per 20 ms frame
	seq       uint16
	ts        uint32
	marker    bool
	pcm       []int16
	payload   []byte
	buf       []byte
	sbuf      []byte // SRTP output
	packets   uint32 // for RTCP SR
	octets    uint32
	sentSince bool // sent RTP since the last RTCP report
}

// configure sets the send side up for codec c: PCM is resampled from
// InternalRate to the codec's sample rate (none for G.722 and Opus, which run
// at 16 kHz), timestamps count on its RTP clock.
func (t *txState) configure(c Codec, pt uint8, enc Encoder) {
	t.enc = enc
	t.rs = NewResampler(InternalRate, c.SampleRate())
	t.pt = pt
	t.clockRate = c.ClockRate()
	t.frameTS = uint32(samplesPerFrame(c.ClockRate()))
	t.marker = true
	if t.buf == nil {
		t.buf = make([]byte, 1500)
		t.sbuf = make([]byte, 0, 1500+16)
		t.pcm = make([]int16, 0, 2048)
		t.payload = make([]byte, 0, 1500)
	}
}

// counters are the session's lock-free statistics.
type counters struct {
	packetsSent, bytesSent  atomic.Uint64
	packetsRecv, bytesRecv  atomic.Uint64
	malformed, foreign      atomic.Uint64
	unknownPT, early        atomic.Uint64
	rtcpSent, rtcpRecv      atomic.Uint64
	dtmfSent, dtmfRecv      atomic.Uint64
	sendErrors, sendDropped atomic.Uint64
	authFailed              atomic.Uint64
}

// WriteFrame sends one frame of local audio: FrameSamples samples at
// InternalRate are resampled to the codec rate, encoded and sent as RTP.
// Nothing is sent before Start, without a remote, on hold or while DTMF is
// being sent; the RTP clock still advances.
func (s *Session) WriteFrame(pcm []int16) error {
	s.mu.Lock()
	closed, started, remote := s.closed, s.started, s.remote
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if !started {
		return nil
	}
	s.txMu.Lock()
	defer s.txMu.Unlock()
	t := &s.tx
	ts := t.ts
	t.ts += t.frameTS * uint32(len(pcm)) / FrameSamples
	if !remote.IsValid() || !s.sendOn.Load() || s.dtmfActive.Load() {
		s.ctr.sendDropped.Add(1)
		return nil
	}
	t.pcm = t.rs.Process(t.pcm, pcm)
	payload, err := t.enc.Encode(t.payload, t.pcm)
	if err != nil || len(payload) == 0 {
		s.ctr.sendErrors.Add(1)
		return err
	}
	t.payload = payload
	marker := t.marker
	t.marker = false
	return s.sendRTPLocked(remote, t.pt, marker, ts, t.payload)
}

// sendRTPLocked marshals and sends one RTP packet; txMu must be held.
func (s *Session) sendRTPLocked(to netip.AddrPort, pt uint8, marker bool, ts uint32, payload []byte) error {
	t := &s.tx
	h := rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: t.seq, Timestamp: ts, SSRC: s.ssrc, Marker: marker}
	n, err := rtp.MarshalPacketTo(t.buf, &h, payload)
	if err != nil {
		return fmt.Errorf("media: marshal rtp: %w", err)
	}
	t.seq++
	out, err := s.srtp.protectRTP(t.sbuf[:0], t.buf[:n])
	if errors.Is(err, errKeysPending) {
		s.ctr.sendDropped.Add(1)
		return nil
	}
	if err != nil {
		s.ctr.sendErrors.Add(1)
		return fmt.Errorf("media: srtp protect: %w", err)
	}
	if _, err := s.rtpConn.WriteToUDPAddrPort(out, to); err != nil {
		s.ctr.sendErrors.Add(1)
		return fmt.Errorf("media: send rtp to %s: %w", to, err)
	}
	t.packets++
	t.octets += uint32(len(payload))
	t.sentSince = true
	s.ctr.packetsSent.Add(1)
	s.ctr.bytesSent.Add(uint64(len(payload)))
	return nil
}
