package media

import (
	"net/netip"
	"sync/atomic"
	"time"
)

// Symmetric RTP (RFC 4961 behaviour, "comedia"). A far end behind a NAT
// router, or a multi-homed host, names one address in its SDP and sends from
// another; the only address that reaches it is the one its packets come from.
// The session therefore sends RTP and RTCP to the source it latched to, under
// these rules, applied in this order to every received RTP packet that is
// valid (RTP version 2, at least a full header, a negotiated payload type —
// audio, telephone-event or comfort noise — and, with SRTP, authenticated and
// not a replay). Anything else never reaches them, so it can never latch.
//
//  1. From the current destination: accepted; the stream is "heard" and its
//     liveness is refreshed.
//  2. No address was signalled yet: the first valid packet latches.
//  3. Nothing valid has come from the signalled address (nor from anything
//     latched since it was set): the first valid packet from any source
//     latches. This is the NAT case.
//  4. The stream is heard and its source has been silent (no RTP or RTCP from
//     it) for more than relatchSilence: a new source latches once it has sent
//     relatchPackets consecutive valid packets with the same SSRC (NAT
//     rebinding, or the far end moving). Until then its packets are dropped.
//  5. The stream is latched away from the signalled address and the
//     signalled address itself sends relatchPackets consecutive valid packets
//     with the same SSRC: it takes the stream back. Whoever got there first
//     cannot keep a peer from the address the signalling named.
//  6. Otherwise the packet is foreign and dropped: while media flows from the
//     current source, no other source (an attacker spraying valid-looking RTP)
//     can steal the stream.
//
// Packets that cannot pass any rule are dropped before SRTP is tried, so a
// flood from a stranger costs no HMAC while the stream is held.
//
// RTCP follows RTP and never latches on its own: on a latch RTCP goes to the
// new source's port+1, or to the RTP address itself with rtcp-mux; the first
// RTCP from the latched host on another port (the NAT mapped the RTCP socket
// elsewhere) moves the RTCP destination there. RTCP from any other host is
// foreign.
//
// SRTP and strangers: packets are authenticated before the rules above.
// pion/srtp (v3.0.16) commits replay-window, rollover-counter and per-SSRC
// state only after the auth tag verified (getSRTPSSRCState is called
// read-only, Accept/markAsValid and updateRolloverCount come after
// cipher.decryptRTP succeeds), so a forged packet neither latches nor moves
// the real peer's replay or rollover state; decryption is in place in the
// read buffer, which a failed packet leaves to be overwritten by the next
// read. An authentic packet relayed by someone else can be counted as seen
// (the real copy is then a replay), which an on-path attacker could do by
// dropping packets anyway.
//
// Tunables of those rules.
const (
	relatchSilence = 2 * time.Second // current source silent this long before another may take over
	relatchPackets = 2               // consecutive same-SSRC packets a new source needs to take over
)

// Why a destination was latched, for the log.
const (
	ruleNoRemote = "no address signalled: first valid packet"
	ruleComedia  = "nothing heard from the signalled address: first valid packet (symmetric RTP)"
	ruleSilent   = "current source silent: new source sent consistent SSRC"
	ruleReclaim  = "signalled address sent consistent SSRC: it takes the stream back"
	ruleRTCPHost = "rtcp from the media source's host on another port"
)

// latchState is the source-tracking part of a Session; guarded by Session.mu.
type latchState struct {
	sdp       netip.AddrPort // the signalled RTP address; invalid until known
	sdpRTCP   netip.AddrPort // the signalled (derived) RTCP address
	heard     bool           // valid RTP came from remote since it was set
	rtcpHeard bool           // RTCP came from rtcpRemote since it was set
	lastHeard atomic.Int64   // unix ns of the last RTP/RTCP from remote; stored without mu on the fast path
	cand      netip.AddrPort // a source trying to take over (rules 4 and 5)
	candSSRC  uint32
	candN     int
}

// mayLatchLocked reports whether a packet from "from" could be accepted by
// some rule, without changing anything; it ignores the SSRC, so it can run
// before SRTP authentication. s.mu must be held.
func (s *Session) mayLatchLocked(from netip.AddrPort, now int64) bool {
	l := &s.latch
	return from == s.remote || !s.remote.IsValid() || !l.heard ||
		now-l.lastHeard.Load() > int64(relatchSilence) || (from == l.sdp && s.remote != l.sdp)
}

// acceptRTPLocked applies the latching rules to a valid RTP packet with the
// given SSRC, latching when one says so. s.mu must be held.
func (s *Session) acceptRTPLocked(from netip.AddrPort, ssrc uint32, now int64) bool {
	l := &s.latch
	if from == s.remote {
		l.heard, l.candN = true, 0
		l.lastHeard.Store(now)
		return true
	}
	var rule string
	switch {
	case !s.remote.IsValid():
		rule = ruleNoRemote
	case !l.heard:
		rule = ruleComedia
	case now-l.lastHeard.Load() > int64(relatchSilence) || (from == l.sdp && s.remote != l.sdp):
		if l.candN > 0 && l.cand == from && l.candSSRC == ssrc {
			l.candN++
		} else {
			l.cand, l.candSSRC, l.candN = from, ssrc, 1
		}
		if l.candN < relatchPackets {
			return false
		}
		rule = ruleSilent
		if from == l.sdp {
			rule = ruleReclaim
		}
	default:
		return false
	}
	prev, silent := s.remote, time.Duration(now-l.lastHeard.Load())
	s.remote = from
	if from == l.sdp {
		s.rtcpRemote = l.sdpRTCP
	} else {
		s.rtcpRemote = netip.AddrPortFrom(from.Addr(), from.Port()+1)
	}
	if s.rtcpMux.Load() {
		s.rtcpRemote = from
	}
	attrs := []any{"addr", from, "sdp", l.sdp, "rule", rule, "ssrc", ssrc, "rtcp_to", s.rtcpRemote}
	if l.heard {
		attrs = append(attrs, "previous", prev, "silent", silent.Round(time.Millisecond))
	}
	s.log.Info("rtp latched to media source", attrs...)
	l.heard, l.rtcpHeard, l.candN = true, false, 0
	l.lastHeard.Store(now)
	return true
}

// acceptRTCPLocked decides whether an RTCP packet is from the peer, moving
// the RTCP destination to the peer host's actual RTCP port. s.mu must be held.
func (s *Session) acceptRTCPLocked(from netip.AddrPort, now int64) bool {
	l := &s.latch
	switch {
	case from == s.rtcpRemote:
	case s.remote.IsValid() && from.Addr() == s.remote.Addr():
		// The media source's host on another port: its NAT mapped the RTCP
		// socket elsewhere, or it multiplexes RTCP on the RTP port.
		if !l.rtcpHeard && !s.rtcpMux.Load() {
			s.log.Info("rtcp latched to media source", "addr", from, "was", s.rtcpRemote, "sdp", l.sdpRTCP, "rule", ruleRTCPHost)
			s.rtcpRemote = from
		}
	default:
		return false
	}
	l.rtcpHeard = true
	if from.Addr() == s.remote.Addr() {
		l.lastHeard.Store(now)
	}
	return true
}

// setRemoteLocked takes a signalled RTP address (RTCP on the next port, or
// the same with rtcp-mux). The same address signalled again (a re-INVITE)
// keeps a latched destination. s.mu must be held.
func (s *Session) setRemoteLocked(remote netip.AddrPort) {
	remote = netip.AddrPortFrom(remote.Addr().Unmap(), remote.Port())
	l := &s.latch
	if remote == l.sdp && s.remote.IsValid() {
		return
	}
	l.sdp, l.sdpRTCP = remote, netip.AddrPortFrom(remote.Addr(), remote.Port()+1)
	if s.rtcpMux.Load() {
		l.sdpRTCP = remote
	}
	s.remote, s.rtcpRemote = l.sdp, l.sdpRTCP
	l.heard, l.rtcpHeard, l.candN = false, false, 0
}
