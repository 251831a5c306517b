package media

import (
	"net"
	"testing"
	"time"
)

// TestSetRemoteRTCP: an a=rtcp address takes the place of RTP port+1 for our reports;
// with rtcp-mux the reports go to the RTP address itself and a=rtcp is ignored.
func TestSetRemoteRTCP(t *testing.T) {
	a, b := pair(t, SessionConfig{})
	sink, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	a.SetRemoteRTCP(sink.LocalAddr().(*net.UDPAddr))
	a.sendReport(time.Now())
	buf := make([]byte, 1500)
	_ = sink.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _, err := sink.ReadFromUDP(buf)
	if err != nil || n < 8 || buf[1] < 200 || buf[1] > 204 {
		t.Fatalf("a=rtcp address got %d bytes (%v), want an RTCP report", n, err)
	}
	if got := b.Stats().RTCPReceived; got != 0 {
		t.Errorf("b's RTCP port got %d reports, want them at the a=rtcp address", got)
	}
	a.SetRTCPMux(true)
	a.SetRemoteRTCP(sink.LocalAddr().(*net.UDPAddr))
	b.SetRTCPMux(true)
	a.sendReport(time.Now())
	eventually(t, "a muxed report on b's RTP port", func() bool { return b.Stats().RTCPReceived == 1 })
}
