package media

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// BenchmarkReceiveRTP is the per-packet receive path (handleRTP: SRTP
// unprotect, parse, payload-type check, source check/latching, jitter buffer
// push) for one 20 ms PCMU packet, from the peer and from a stranger.
// The srtp/peer case includes protecting each packet (the sender's cost);
// BenchmarkSRTPProtectUnprotect has that alone.
func BenchmarkReceiveRTP(b *testing.B) {
	peer := netip.MustParseAddrPort("127.0.0.1:40000")
	stranger := netip.MustParseAddrPort("127.0.0.2:40000")
	for _, bc := range []struct {
		name string
		srtp bool
		from netip.AddrPort
	}{
		{"plain/peer", false, peer},
		{"plain/stranger", false, stranger},
		{"srtp/peer", true, peer},
		{"srtp/stranger", true, stranger},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := Listen(SessionConfig{LocalIP: "127.0.0.1"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var tx srtpState
			if bc.srtp {
				if err := s.SetSRTP(testKey(1), testKey(2)); err != nil {
					b.Fatal(err)
				}
				tx.tx = mustContext(b, testKey(2))
			}
			if err := s.Start(PCMU{}, 0, 101, net.UDPAddrFromAddrPort(peer)); err != nil {
				b.Fatal(err)
			}
			h := rtp.Header{Version: 2, SSRC: 77}
			plain := make([]byte, 1500)
			out := make([]byte, 0, 1500+16)
			pkt := make([]byte, 0, 1500+16)
			payload := make([]byte, 160)
			now := time.Now()
			// The peer has been heard: the stream is established.
			n, _ := rtp.MarshalPacketTo(plain, &h, payload)
			first, _ := tx.protectRTP(out[:0], plain[:n])
			s.handleRTP(append(pkt[:0], first...), peer, now)
			b.ReportAllocs()
			for i := 1; b.Loop(); i++ {
				h.SequenceNumber = uint16(i)
				h.Timestamp = uint32(i) * 160
				n, _ := rtp.MarshalPacketTo(plain, &h, payload)
				wire := plain[:n]
				if bc.srtp && bc.from == peer {
					wire, _ = tx.protectRTP(out[:0], wire)
				} else if bc.srtp {
					wire = append(wire, make([]byte, 10)...) // a forged tag
				}
				if bc.from == peer {
					now = now.Add(FrameDuration)
				} // else the peer was heard just now: the stream is held
				s.handleRTP(append(pkt[:0], wire...), bc.from, now)
			}
			b.StopTimer()
			st := s.Stats()
			if bc.from == peer && st.PacketsReceived < uint64(b.N) {
				b.Fatalf("received %d of %d", st.PacketsReceived, b.N)
			}
			if bc.from == stranger && st.PacketsReceived != 1 {
				b.Fatalf("stranger's packets accepted: %+v", st)
			}
		})
	}
}
