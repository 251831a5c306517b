package media

import (
	"net"
	"slices"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// TestSilenceSuppression sends 20 frames of tone, 40 of silence and 20 of tone to a plain
// UDP socket. With SilenceSuppression the silence after the 10-frame hangover is not sent,
// the RTP clock runs on through it and the first packet after it carries the marker bit;
// without it every frame is sent.
func TestSilenceSuppression(t *testing.T) {
	tone := sineFrames(40, 440, 8000)
	silence := make([][]int16, 40)
	for i := range silence {
		silence[i] = make([]int16, FrameSamples)
	}
	frames := slices.Concat(tone[:20], silence, tone[20:])
	tests := []struct {
		suppress bool
		want     int   // packets
		markers  []int // frame index (timestamp / 160) of each packet with the marker bit
	}{
		{false, 80, []int{0}},
		{true, 20 + silenceHangover + 20, []int{0, 60}},
	}
	for _, tc := range tests {
		far, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		defer far.Close()
		s := listenLocal(t, SessionConfig{SilenceSuppression: tc.suppress})
		if err := s.Start(PCMU{}, 0, 101, far.LocalAddr().(*net.UDPAddr)); err != nil {
			t.Fatal(err)
		}
		for _, f := range frames {
			if err := s.WriteFrame(f); err != nil {
				t.Fatal(err)
			}
		}
		// Read until the last frame's packet (always sent: it is tone).
		var got []rtp.Packet
		buf := make([]byte, 1500)
		for len(got) == 0 || got[len(got)-1].Timestamp-got[0].Timestamp < 79*160 {
			far.SetReadDeadline(time.Now().Add(5 * time.Second))
			n, err := far.Read(buf)
			if err != nil {
				t.Fatalf("suppress=%v: after %d packets: %v", tc.suppress, len(got), err)
			}
			var p rtp.Packet
			if p.Unmarshal(buf[:n]) != nil || p.PayloadType != 0 {
				continue // RTCP would come on the other port; anything else is not ours
			}
			got = append(got, p)
		}
		var markers []int
		for _, p := range got {
			if p.Marker {
				markers = append(markers, int(p.Timestamp-got[0].Timestamp)/160)
			}
		}
		if len(got) != tc.want || !slices.Equal(markers, tc.markers) {
			t.Errorf("suppress=%v: %d packets with markers at frames %v, want %d with markers at %v",
				tc.suppress, len(got), markers, tc.want, tc.markers)
		}
	}
}
