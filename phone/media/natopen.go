package media

import (
	"time"
)

// natOpenPacket is what the seed's natopenpackets sends: a short datagram (CRLF) that no
// RTP, RTCP, STUN or DTLS receiver takes for its own (RFC 7983 demultiplexing drops it), so
// a far end drops it while the NAT routers on the way create their bindings.
var natOpenPacket = []byte("\r\n")

// natOpenGap is the spacing of those packets, one audio frame.
const natOpenGap = 20 * time.Millisecond

// OpenNATPath sends up to n short packets (natOpenPacket) from the RTP socket to the far
// end's RTP address and from the RTCP socket to its RTCP address, one every natOpenGap,
// and stops as soon as RTP or RTCP from the far end arrived (the path is open then) or the
// session closes. It returns at once; n <= 0 sends nothing. Call it after Start.
func (s *Session) OpenNATPath(n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.wg.Add(1) // under mu: Close waits only after it set closed
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(natOpenGap)
		defer t.Stop()
		for sent := 0; sent < n; sent++ {
			if s.ctr.packetsRecv.Load() > 0 || s.ctr.rtcpRecv.Load() > 0 {
				s.log.Debug("nat open packets stopped: far-end media arrived", "sent", sent)
				return
			}
			s.mu.Lock()
			rtp, rtcp := s.remote, s.rtcpRemote
			s.mu.Unlock()
			if rtp.IsValid() {
				_, _ = s.rtpConn.WriteToUDPAddrPort(natOpenPacket, rtp)
			}
			if rtcp.IsValid() && !s.rtcpMux.Load() {
				_, _ = s.rtcpConn.WriteToUDPAddrPort(natOpenPacket, rtcp)
			}
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
}
