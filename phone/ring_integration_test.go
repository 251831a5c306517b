package phone_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"softphone/internal/testpeer"
	"softphone/phone/audio"
	"softphone/phone/control"
)

// peakOf is the largest sample magnitude of the speaker recording so far.
func peakOf(t *testing.T, path string) int {
	t.Helper()
	s, _, err := audio.ReadWAV(path)
	if err != nil {
		t.Fatal(err)
	}
	peak := 0
	for _, v := range s {
		peak = max(peak, int(math.Abs(float64(v))))
	}
	return peak
}

// TestIntegrationRingToneSwitch: while a sipp caller (custom_header_uac.xml, which sends no
// RTP) rings for 2 s, the speaker recording holds the ring tone with playing=true (the
// default) and stays silent with playing=false.
func TestIntegrationRingToneSwitch(t *testing.T) {
	for _, tt := range []struct {
		playing string
		ring    bool
	}{{"true", true}, {"false", false}} {
		t.Run("playing="+tt.playing, func(t *testing.T) {
			port := testpeer.FreePort(t, "udp")
			// why: sipp calls us directly (no registrar), so it needs our port in advance;
			// the 2 s answer delay is the ringing the test listens to.
			tp := startPhone(t, kv("playing", tt.playing, "autoanswer", "1", "autoanswerdelay", "2",
				"allowdirectcalls", "1", "localport", strconv.Itoa(port)))
			wait := runSippAsync(t, "custom_header_uac.xml", fmt.Sprintf("127.0.0.1:%d", port), "-s", "5551234")
			tp.waitLine(control.StateRinging, callTimeout)
			waitGrow(t, "speaker recording while ringing", 1.2, callTimeout, tp.speakerSeconds)
			peak := peakOf(t, tp.out)
			t.Logf("playing=%s: speaker peak %d while ringing", tt.playing, peak)
			if tt.ring && peak < 1000 || !tt.ring && peak > 0 {
				t.Errorf("playing=%s: speaker peak %d while ringing, want the ring tone=%v", tt.playing, peak, tt.ring)
			}
			tp.waitLine(control.StateFinished, callTimeout)
			if res := wait(); res.ExitCode != 0 {
				t.Fatalf("sipp exit %d:\n%s", res.ExitCode, res.Errors)
			}
		})
	}
}
