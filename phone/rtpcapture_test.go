package phone_test

import (
	"encoding/binary"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zaf/g711"

	"softphone/internal/audiocheck"
)

// A capture of the UDP packets crossing loopback (a raw AF_PACKET socket; the tests run as
// root in a namespace of their own), to show what a listener on the path would get from
// the media: whether RTP payloads hold speech, and on which ports RTCP travels.

// udpPacket is one captured IPv4 UDP datagram.
type udpPacket struct {
	src, dst uint16 // UDP ports
	payload  []byte
}

// udpCapture records UDP datagrams on lo until the test ends.
type udpCapture struct {
	mu   sync.Mutex
	pkts []udpPacket
	stop chan struct{}
	done chan struct{}
}

// captureUDP starts recording UDP on lo; the socket is bound before it returns, so nothing
// sent afterwards is missed.
func captureUDP(t *testing.T) *udpCapture {
	t.Helper()
	const ethPAll = 0x0003
	proto := int(ethPAll<<8&0xff00 | ethPAll>>8) // htons
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_DGRAM, proto)
	if err != nil {
		t.Fatalf("packet capture socket: %v", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrLinklayer{Protocol: uint16(proto), Ifindex: 1}); err != nil { // lo
		t.Fatalf("packet capture bind: %v", err)
	}
	tv := syscall.NsecToTimeval(int64(100 * time.Millisecond))
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
		t.Fatalf("packet capture timeout: %v", err)
	}
	c := &udpCapture{stop: make(chan struct{}), done: make(chan struct{})}
	go c.run(fd)
	t.Cleanup(c.close)
	return c
}

func (c *udpCapture) run(fd int) {
	defer close(c.done)
	defer syscall.Close(fd)
	buf := make([]byte, 65536)
	for {
		select {
		case <-c.stop:
			return
		default:
		}
		n, from, err := syscall.Recvfrom(fd, buf, 0)
		if err != nil {
			continue
		}
		if ll, ok := from.(*syscall.SockaddrLinklayer); ok && ll.Pkttype == syscall.PACKET_OUTGOING {
			continue // loopback shows each packet twice: keep the incoming copy
		}
		if p, ok := parseUDP(buf[:n]); ok {
			c.mu.Lock()
			c.pkts = append(c.pkts, p)
			c.mu.Unlock()
		}
	}
}

func (c *udpCapture) close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	<-c.done
}

// packets returns what was captured so far.
func (c *udpCapture) packets() []udpPacket {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]udpPacket(nil), c.pkts...)
}

// parseUDP takes the UDP datagram out of an IPv4 packet.
func parseUDP(b []byte) (udpPacket, bool) {
	if len(b) < 20 || b[0]>>4 != 4 || b[9] != syscall.IPPROTO_UDP {
		return udpPacket{}, false
	}
	ihl := int(b[0]&0x0f) * 4
	if len(b) < ihl+8 {
		return udpPacket{}, false
	}
	u := b[ihl:]
	return udpPacket{src: binary.BigEndian.Uint16(u), dst: binary.BigEndian.Uint16(u[2:]),
		payload: append([]byte(nil), u[8:]...)}, true
}

// pcmuStreams decodes, per source port, the payload of every captured RTP packet with
// payload type 0 as if it were plain PCMU (the first 160 bytes after the 12-byte header),
// giving what a listener on the path would hear were the media not encrypted.
func pcmuStreams(pkts []udpPacket) map[uint16][]int16 {
	out := map[uint16][]int16{}
	for _, p := range pkts {
		b := p.payload
		if len(b) < 12+160 || b[0] != 0x80 || b[1]&0x7f != 0 {
			continue
		}
		for _, v := range b[12 : 12+160] {
			out[p.src] = append(out[p.src], g711.DecodeUlawFrame(v))
		}
	}
	return out
}

// plainPeaks decodes the captured RTP as plain PCMU per source port (streams of at least
// minPackets packets) and returns, per port, its best correlation with any of speech.
func plainPeaks(c *udpCapture, minPackets int, speech ...[]int16) map[uint16]float64 {
	out := map[uint16]float64{}
	for port, s := range pcmuStreams(c.packets()) {
		if len(s)/160 < minPackets {
			continue
		}
		for _, sp := range speech {
			peak, _ := audiocheck.Correlation(sp, s)
			out[port] = max(out[port], peak)
		}
	}
	return out
}

// plainSpeechPeak is the correlation above which a captured stream holds speech in the
// clear (a plain call's streams reach 0.9 and more; SRTP payloads stay near 0.1).
const plainSpeechPeak = 0.5

// checkNoPlainSpeech proves that the captured RTP holds no speech in the clear: at least
// minPackets PCMU packets flowed from each of two ports, and none of those streams,
// decoded as plain PCMU, correlates with either side's speech (at 8 kHz) as a plain
// call's does (TestIntegrationCaptureHearsPlainRTP).
func checkNoPlainSpeech(t *testing.T, c *udpCapture, minPackets int, speech ...[]int16) {
	t.Helper()
	peaks := plainPeaks(c, minPackets, speech...)
	for port, peak := range peaks {
		t.Logf("RTP from port %d decoded as plain PCMU: best correlation with the speech %.2f", port, peak)
		if peak >= plainSpeechPeak {
			t.Errorf("RTP from port %d holds speech in the clear: correlation %.2f", port, peak)
		}
	}
	if len(peaks) < 2 {
		t.Errorf("capture holds %d RTP streams of >= %d packets, want 2 (both directions)", len(peaks), minPackets)
	}
}
