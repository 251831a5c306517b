package phone_test

import (
	"fmt"
	"strconv"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// TestIntegrationNATOpenPackets: a sipp caller (custom_header_uac.xml, which sends no RTP)
// names its media port in the INVITE's SDP; the phone answers, and a capture of loopback
// shows natopenpackets CRLF datagrams reaching that port from the phone's RTP port and the
// same number reaching the port above it (RTCP), none with natopenpackets=0. Since the
// caller never sends media, the phone sends all of them.
func TestIntegrationNATOpenPackets(t *testing.T) {
	for _, n := range []int{5, 0} {
		t.Run(fmt.Sprintf("natopenpackets=%d", n), func(t *testing.T) {
			port, mport := testpeer.FreePort(t, "udp"), testpeer.FreePort(t, "udp")
			capture := captureUDP(t)
			// why: sipp calls us directly (no registrar), so it needs our port in advance.
			// why: the sipp peer answers RTP/SAVP with SDES keys over UDP
			tp := startPhone(t, kv("srtpsdesplain", "1", "autoanswer", "1", "allowdirectcalls", "1",
				"localport", strconv.Itoa(port), "natopenpackets", strconv.Itoa(n)))
			wait := runSippAsync(t, "custom_header_uac.xml", fmt.Sprintf("127.0.0.1:%d", port), "-s", "5551234",
				"-mp", strconv.Itoa(mport), "-mi", "127.0.0.1")
			tp.waitLine(control.StateFinished, callTimeout)
			if res := wait(); res.ExitCode != 0 {
				t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
			}
			capture.close()
			opens := map[uint16]int{}
			var rtp, from int
			for _, p := range capture.packets() {
				switch {
				case string(p.payload) == "\r\n" && (p.dst == uint16(mport) || p.dst == uint16(mport+1)):
					opens[p.dst]++
					if p.dst == uint16(mport) {
						from = int(p.src)
					}
				case p.dst == uint16(mport) && len(p.payload) > 12 && p.payload[0]>>6 == 2:
					rtp++
				}
			}
			t.Logf("natopenpackets=%d: %d CRLF to the caller's RTP port (from port %d), %d to its RTCP port; %d RTP packets",
				n, opens[uint16(mport)], from, opens[uint16(mport+1)], rtp)
			if opens[uint16(mport)] != n || opens[uint16(mport+1)] != n {
				t.Errorf("CRLF packets: %d to RTP, %d to RTCP, want %d each", opens[uint16(mport)], opens[uint16(mport+1)], n)
			}
			if rtp == 0 {
				t.Error("no RTP reached the caller's media port: the capture saw nothing of the call")
			}
		})
	}
}
