package media

import (
	"net"
	"testing"
	"time"
)

// farPair is a far end's RTP and RTCP sockets (port and port+1) on loopback.
func farPair(t *testing.T) (rtpC, rtcpC *net.UDPConn) {
	t.Helper()
	rtpC, rtcpC, err := bindPair("127.0.0.1", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rtpC.Close(); rtcpC.Close() })
	return rtpC, rtcpC
}

// drain reads what c holds after the sender closed: every datagram already delivered on
// loopback, with its source. The deadline only ends the read once the queue is empty.
func drain(t *testing.T, c *net.UDPConn) (pkts []string, from []*net.UDPAddr) {
	t.Helper()
	buf := make([]byte, 1500)
	for {
		_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		n, a, err := c.ReadFromUDP(buf)
		if err != nil {
			return pkts, from
		}
		pkts = append(pkts, string(buf[:n]))
		from = append(from, a)
	}
}

// natopenpackets=3: the far end's RTP port receives exactly three CRLF packets from our RTP
// port, and its RTCP port three from our RTCP port, before any audio.
func TestOpenNATPathSends(t *testing.T) {
	farRTP, farRTCP := farPair(t)
	s, _ := latchSession(t, farRTP.LocalAddr().(*net.UDPAddr))
	s.OpenNATPath(3)
	buf := make([]byte, 1500)
	for i := range 3 { // wait for all of them before closing (Close stops the sender)
		n, a, err := farRTP.ReadFromUDP(buf)
		if err != nil || string(buf[:n]) != "\r\n" || a.Port != s.LocalAddr().Port {
			t.Fatalf("packet %d at the far RTP port: %q from %v (%v), want CRLF from %v", i, buf[:n], a, err, s.LocalAddr())
		}
	}
	s.Close()
	if more, _ := drain(t, farRTP); len(more) != 0 {
		t.Errorf("the far RTP port got %d more packets after three: %q", len(more), more)
	}
	rtcp, from := drain(t, farRTCP)
	var opens int
	for i, p := range rtcp {
		if p == "\r\n" {
			opens++
			if from[i].Port != s.LocalAddr().Port+1 {
				t.Errorf("CRLF at the far RTCP port came from %v, not our RTCP port", from[i])
			}
		}
	}
	if opens != 3 {
		t.Errorf("far RTCP port got %d CRLF packets, want 3 (all: %q)", opens, rtcp)
	}
}

// Media from the far end already arrived: the path is open, nothing is sent.
func TestOpenNATPathStopsOnMedia(t *testing.T) {
	farRTP, _ := farPair(t)
	s, _ := latchSession(t, farRTP.LocalAddr().(*net.UDPAddr))
	for seq := uint16(1); s.ctr.packetsRecv.Load() == 0; seq++ {
		if _, err := farRTP.WriteToUDP(rtpBytes(0, seq, 77), s.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond) // polling for the session to count it, not a threshold
	}
	s.OpenNATPath(10)
	s.Close()
	if got, _ := drain(t, farRTP); len(got) != 0 {
		t.Errorf("sent %q after the far end's media arrived, want nothing", got)
	}
}
