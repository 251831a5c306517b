package media

import (
	"errors"
	"net/netip"
	"time"

	"github.com/pion/rtcp"
)

// ntpEpochOffset is the number of seconds from 1900 (NTP) to 1970 (Unix).
const ntpEpochOffset = 2208988800

// rtcpState is RTCP bookkeeping; guarded by Session.rtcpMu.
type rtcpState struct {
	lastSR       uint32    // middle 32 bits of the last received SR's NTP time
	lastSRAt     time.Time // when it arrived
	prevExpected uint64
	prevReceived uint64
	rtt          time.Duration
	rttKnown     bool
	remoteFrac   uint8
	remoteLost   uint32
	remoteJitter uint32
	remoteKnown  bool // a report block about our stream arrived
	bye          bool
	sentSince    bool // sent RTP during the previous interval too
}

// ntpTime converts t to the 64-bit NTP format.
func ntpTime(t time.Time) uint64 {
	secs := uint64(t.Unix() + ntpEpochOffset)
	frac := (uint64(t.Nanosecond()) << 32) / uint64(time.Second)
	return secs<<32 | frac
}

// ntpMiddle is the middle 32 bits of t's NTP time (units of 1/65536 s).
func ntpMiddle(t time.Time) uint32 { return uint32(ntpTime(t) >> 16) }

// rtcpLoop sends a report every RTCPInterval until Close.
func (s *Session) rtcpLoop() {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.RTCPInterval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.C:
			s.sendReport(now)
		}
	}
}

// buildReport returns an SR (when we sent RTP recently) or an RR, with a
// reception report block for the source we hear, plus SDES CNAME.
func (s *Session) buildReport(now time.Time) []rtcp.Packet {
	var blocks []rtcp.ReceptionReport
	s.rtcpMu.Lock()
	if jb := s.jb.Load(); jb != nil {
		if st := jb.Stats(); st.Received > 0 {
			expInt := st.Expected - min(s.rc.prevExpected, st.Expected)
			recInt := st.Received - min(s.rc.prevReceived, st.Received)
			s.rc.prevExpected, s.rc.prevReceived = st.Expected, st.Received
			var frac uint8
			if expInt > recInt {
				frac = uint8(min((expInt-recInt)<<8/expInt, 255))
			}
			b := rtcp.ReceptionReport{SSRC: st.SSRC, FractionLost: frac, TotalLost: uint32(min(st.Lost, 0x7FFFFF)),
				LastSequenceNumber: st.ExtHighestSeq, Jitter: st.JitterUnits}
			if !s.rc.lastSRAt.IsZero() {
				b.LastSenderReport = s.rc.lastSR
				b.Delay = uint32(now.Sub(s.rc.lastSRAt) * 65536 / time.Second)
			}
			blocks = append(blocks, b)
		}
	}
	s.rtcpMu.Unlock()

	s.txMu.Lock()
	sent := s.tx.sentSince
	s.tx.sentSince = false
	rtpTS, packets, octets := s.tx.ts, s.tx.packets, s.tx.octets
	s.txMu.Unlock()
	s.rtcpMu.Lock()
	sender := sent || s.rc.sentSince
	s.rc.sentSince = sent
	s.rtcpMu.Unlock()

	var first rtcp.Packet
	if sender && s.sendOn.Load() {
		first = &rtcp.SenderReport{SSRC: s.ssrc, NTPTime: ntpTime(now), RTPTime: rtpTS,
			PacketCount: packets, OctetCount: octets, Reports: blocks}
	} else {
		first = &rtcp.ReceiverReport{SSRC: s.ssrc, Reports: blocks}
	}
	return []rtcp.Packet{first, rtcp.NewCNAMESourceDescription(s.ssrc, s.cname)}
}

func (s *Session) sendReport(now time.Time) {
	s.sendRTCP(s.buildReport(now))
}

// sendBye sends a final report and BYE.
func (s *Session) sendBye() {
	pkts := s.buildReport(time.Now())
	s.sendRTCP(append(pkts, &rtcp.Goodbye{Sources: []uint32{s.ssrc}}))
}

func (s *Session) sendRTCP(pkts []rtcp.Packet) {
	var conn Transport = s.rtcpConn
	s.mu.Lock()
	to := s.rtcpRemote
	if s.rtcpMux.Load() {
		to, conn = s.remote, s.rtpConn
	}
	s.mu.Unlock()
	if !to.IsValid() {
		return
	}
	b, err := rtcp.Marshal(pkts)
	if err != nil {
		s.log.Warn("rtcp marshal", "err", err)
		return
	}
	if b, err = s.srtp.protectRTCP(b); err != nil {
		if !errors.Is(err, errKeysPending) {
			s.log.Warn("srtcp protect", "err", err)
		}
		return
	}
	if _, err := conn.WriteToUDPAddrPort(b, to); err != nil {
		s.log.Debug("rtcp send", "to", to, "err", err)
		return
	}
	s.ctr.rtcpSent.Add(1)
}

// handleRTCP processes one received RTCP datagram. Garbage is counted, never
// fatal. RTCP is taken only from the media source's host (latch.go); that is
// checked before SRTCP, so strangers cost no HMAC, and again after it.
func (s *Session) handleRTCP(b []byte, from netip.AddrPort, now time.Time) {
	from = unmap(from)
	ns := now.UnixNano()
	s.mu.Lock()
	started := s.started
	may := from == s.rtcpRemote || (s.remote.IsValid() && from.Addr() == s.remote.Addr())
	s.mu.Unlock()
	if !started {
		s.ctr.early.Add(1)
		return
	}
	if !may {
		s.ctr.foreign.Add(1)
		return
	}
	b, err := s.srtp.unprotectRTCP(b)
	if err != nil {
		s.ctr.authFailed.Add(1)
		return
	}
	pkts, err := rtcp.Unmarshal(b)
	if err != nil {
		s.ctr.malformed.Add(1)
		return
	}
	s.mu.Lock()
	ok := s.acceptRTCPLocked(from, ns)
	s.mu.Unlock()
	if !ok {
		s.ctr.foreign.Add(1)
		return
	}
	s.lastRx.Store(ns)
	s.ctr.rtcpRecv.Add(1)
	s.rtcpMu.Lock()
	defer s.rtcpMu.Unlock()
	for _, p := range pkts {
		switch p := p.(type) {
		case *rtcp.SenderReport:
			s.rc.lastSR, s.rc.lastSRAt = uint32(p.NTPTime>>16), now
			s.readBlocksLocked(p.Reports, now)
		case *rtcp.ReceiverReport:
			s.readBlocksLocked(p.Reports, now)
		case *rtcp.Goodbye:
			s.rc.bye = true
			s.log.Info("rtcp bye received", "reason", p.Reason)
		}
	}
}

// readBlocksLocked takes the peer's view of our stream from report blocks
// and computes the round-trip time (RFC 3550 6.4.1).
func (s *Session) readBlocksLocked(blocks []rtcp.ReceptionReport, now time.Time) {
	for _, b := range blocks {
		if b.SSRC != s.ssrc {
			continue
		}
		s.rc.remoteFrac, s.rc.remoteLost, s.rc.remoteJitter = b.FractionLost, b.TotalLost, b.Jitter
		s.rc.remoteKnown = true
		if b.LastSenderReport == 0 {
			continue
		}
		rtt := ntpMiddle(now) - b.LastSenderReport - b.Delay
		if rtt < 1<<31 { // negative means clock trouble; ignore
			s.rc.rtt = time.Duration(uint64(rtt) * uint64(time.Second) >> 16)
			s.rc.rttKnown = true
		}
	}
}
