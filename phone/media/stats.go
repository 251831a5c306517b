package media

import "time"

// SessionStats is a snapshot of a Session's counters.
type SessionStats struct {
	Codec           string
	PacketsSent     uint64
	BytesSent       uint64 // payload octets
	PacketsReceived uint64
	BytesReceived   uint64        // payload octets
	Expected        uint64        // packets expected from sequence numbers (RFC 3550 A.3)
	Lost            uint64        // packets lost in the network (expected - received)
	Late            uint64        // packets that arrived after their playout time
	Duplicate       uint64        // duplicate packets dropped
	Concealed       uint64        // frames concealed during playout
	Malformed       uint64        // unparsable RTP/RTCP and telephone-event payloads
	Foreign         uint64        // packets from an unexpected address
	UnknownPT       uint64        // RTP with a payload type not negotiated
	AuthFailed      uint64        // SRTP/SRTCP packets failing authentication or replay check
	Encrypted       bool          // SRTP is on
	Jitter          time.Duration // receive interarrival jitter
	JitterDelay     time.Duration // the jitter buffer's current target delay (adaptive); 0 before RTP arrives
	RTT             time.Duration // round-trip time from RTCP, valid when RTTKnown
	RTTKnown        bool          // an RTCP report block with LSR/DLSR gave an RTT
	RemoteFraction  float64       // fraction of our packets the peer reports lost (0-1)
	RemoteLost      uint32        // cumulative loss the peer reports
	RemoteKnown     bool          // the peer sent a report block about our stream
	RTCPSent        uint64
	RTCPReceived    uint64
	ByeReceived     bool
	DTMFSent        uint64
	DTMFReceived    uint64
}

// Stats returns a snapshot of the session's statistics.
func (s *Session) Stats() SessionStats {
	st := SessionStats{
		PacketsSent:     s.ctr.packetsSent.Load(),
		BytesSent:       s.ctr.bytesSent.Load(),
		PacketsReceived: s.ctr.packetsRecv.Load(),
		BytesReceived:   s.ctr.bytesRecv.Load(),
		Malformed:       s.ctr.malformed.Load(),
		Foreign:         s.ctr.foreign.Load(),
		UnknownPT:       s.ctr.unknownPT.Load(),
		AuthFailed:      s.ctr.authFailed.Load(),
		Encrypted:       s.Encrypted(),
		RTCPSent:        s.ctr.rtcpSent.Load(),
		RTCPReceived:    s.ctr.rtcpRecv.Load(),
		DTMFSent:        s.ctr.dtmfSent.Load(),
		DTMFReceived:    s.ctr.dtmfRecv.Load(),
	}
	s.mu.Lock()
	if s.codec != nil {
		st.Codec = s.codec.Name()
	}
	s.mu.Unlock()
	if jb := s.jb.Load(); jb != nil {
		js := jb.Stats()
		st.Expected, st.Lost, st.Late, st.Duplicate, st.Concealed, st.Jitter = js.Expected, js.Lost, js.Late, js.Duplicate, js.Concealed, js.Jitter
		st.JitterDelay = js.TargetDelay
	}
	s.rtcpMu.Lock()
	st.RTT, st.RTTKnown = s.rc.rtt, s.rc.rttKnown
	st.RemoteFraction = float64(s.rc.remoteFrac) / 256
	st.RemoteLost = s.rc.remoteLost
	st.RemoteKnown = s.rc.remoteKnown
	st.ByeReceived = s.rc.bye
	s.rtcpMu.Unlock()
	return st
}
