package control

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLineQualityJSON: a line without figures has no quality member; with them, the
// figures are under "quality".
func TestLineQualityJSON(t *testing.T) {
	b, _ := json.Marshal(Line{Line: 1, State: StateRinging})
	if strings.Contains(string(b), "quality") {
		t.Errorf("line without figures: %s", b)
	}
	b, _ = json.Marshal(Line{Line: 1, State: StateInCall, Quality: Quality{MOS: 4.41, LossPct: 0.5, JitterMS: 2, RTTMS: 40}})
	if !strings.Contains(string(b), `"quality":{"mos":4.41,"loss":0.5,"recentloss":0,"lost":0,"jitter":2,"rtt":40,`) {
		t.Errorf("line with figures: %s", b)
	}
}

// TestStatsStatusLine checks the seed's extended STATUS of jscripstats, with and without
// the peer's RTCP report, and that a comma in a name cannot shift the fields.
func TestStatsStatusLine(t *testing.T) {
	l := Line{Line: 2, State: StateFinished, Peer: "1001", Local: "1000", Direction: DirectionOutgoing,
		PeerDisplayName: "Desk, 1001", CallID: "abc@h",
		Quality: Quality{Sent: 500, Received: 475, Lost: 25, LossPct: 5, MOS: 3.92}}
	want := "STATUS,2,Finished,1001,1000,1,Desk  1001,500,475,25,5.0,,abc@h"
	if got := l.StatsStatusLine(); got != want {
		t.Errorf("without RTCP\n got %s\nwant %s", got, want)
	}
	l.Quality.RemoteKnown, l.Quality.RemoteLost, l.Quality.RemoteLossPct, l.Quality.RTTMS = true, 3, 0.6, 41.6
	want = "STATUS,2,Finished,1001,1000,1,Desk  1001,500,475,25,5.0,remote_lost:3 remote_loss:0.6% rtt:42ms mos:3.9,abc@h"
	if got := l.StatsStatusLine(); got != want {
		t.Errorf("with RTCP\n got %s\nwant %s", got, want)
	}
	if n := strings.Count(l.StatsStatusLine(), ","); n != 12 {
		t.Errorf("%d commas, want 12 (13 fields)", n)
	}
}

func TestVADLine(t *testing.T) {
	if got, want := (VAD{}).VADLine(), "VAD,local_vad: OFF local_avg: 0 local_max: 0 local_speaking: no remote_vad: OFF remote_avg: 0 remote_max: 0 remote_speaking: no"; got != want {
		t.Errorf("zero VAD\n got %s\nwant %s", got, want)
	}
	v := VAD{Local: VADLevels{On: true, Avg: 812, Max: 4100, Speaking: true}, Remote: VADLevels{On: true, Avg: 3, Max: 9}}
	if got, want := v.VADLine(), "VAD,local_vad: ON local_avg: 812 local_max: 4100 local_speaking: yes remote_vad: ON remote_avg: 3 remote_max: 9 remote_speaking: no"; got != want {
		t.Errorf("VAD\n got %s\nwant %s", got, want)
	}
}

func TestQualityLine(t *testing.T) {
	l := Line{Line: 1, CallID: "a,b", Quality: Quality{MOS: 4.409, LossPct: 0.123, JitterMS: 3.44}}
	if got, want := l.QualityLine(), "QUALITY,1,4.41,0.12,3.4,,a b"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	l.Quality.RTTMS = 41.6
	if got, want := l.QualityLine(), "QUALITY,1,4.41,0.12,3.4,42,a b"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
