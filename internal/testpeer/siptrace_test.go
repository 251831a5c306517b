package testpeer

import (
	"strings"
	"testing"
)

// traceFrame renders one message the way baresip -s logs it.
func traceFrame(from, to string, lines ...string) string {
	return traceStart + "UDP " + from + " -> " + to + "\n" + strings.Join(lines, "\r\n") + "\n" + traceEnd + "\n"
}

func TestParseSIPTrace(t *testing.T) {
	invite := traceFrame("127.0.0.1:5060", "127.0.0.1:7000",
		"INVITE sip:bob@127.0.0.1:7000 SIP/2.0", "CSeq: 2 INVITE", "Subject: a", " folded", "Content-Type: application/sdp", "",
		"v=0\r\na=sendonly\r\n")
	ok := traceFrame("127.0.0.1:7000", "127.0.0.1:5060",
		"SIP/2.0 200 OK", "CSeq: 2 INVITE", "Content-Length: 0", "", "")
	log := "baresip is ready.\n[0:00:01] audio=0/0 (bit/s)    " + invite + "call: got re-INVITE\n" + ok +
		traceStart + "UDP 127.0.0.1:1 -> 127.0.0.1:7000\nnot sip at all\r\n\r\n" + traceEnd + "\n" +
		traceStart + "UDP 127.0.0.1:1 -> 127.0.0.1:7000\nBYE sip:x SIP/2.0\r\n" // cut off: no end mark
	msgs := ParseSIPTrace([]byte(log), 7000)
	if len(msgs) != 2 {
		t.Fatalf("got %d messages %v, want 2", len(msgs), msgs)
	}
	tests := []struct {
		m        SIPMessage
		received bool
		method   string
		status   int
		body     string
	}{
		{msgs[0], true, "INVITE", 0, "v=0\r\na=sendonly\r\n"},
		{msgs[1], false, "INVITE", 200, ""},
	}
	for i, tc := range tests {
		if tc.m.Received != tc.received || tc.m.Method != tc.method || tc.m.Status != tc.status || strings.TrimSpace(tc.m.Body) != strings.TrimSpace(tc.body) {
			t.Errorf("message %d = %+v, want received %v method %s status %d body %q", i, tc.m, tc.received, tc.method, tc.status, tc.body)
		}
	}
	if got := msgs[0].Header("subject"); got != "a folded" {
		t.Errorf("folded header = %q, want %q", got, "a folded")
	}
	if got := msgs[0].Header("Refer-To"); got != "" {
		t.Errorf("missing header = %q, want empty", got)
	}
}

func TestParseAudioDebug(t *testing.T) {
	const sample = "--- Audio stream ---\n tx:   encode: PCMU\n audio dir=recvonly pt_enc=0\n" +
		"  member 0x1: lost=0 Jitter=0.0ms RTT=0.0ms\n                 IP=127.0.0.1:5 psent=0 rcvd=101\n"
	tests := []struct {
		name, in string
		want     AudioStats
		wantErr  bool
	}{
		{"held", sample, AudioStats{Direction: "recvonly", PacketsReceived: 101}, false},
		{"no members", " audio dir=sendrecv pt_enc=0\n", AudioStats{Direction: "sendrecv"}, false},
		{"no call", "call not found", AudioStats{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAudioDebug(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("ParseAudioDebug = %+v, %v; want %+v, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func FuzzParseSIPTrace(f *testing.F) {
	f.Add([]byte(traceFrame("127.0.0.1:1", "127.0.0.1:2", "SIP/2.0 180 Ringing", "CSeq: 1 INVITE", "", "")))
	f.Add([]byte(traceStart + "UDP a -> b\nSIP/2.0 x\r\n" + traceEnd))
	f.Add([]byte(traceStart + traceStart + traceEnd))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range ParseSIPTrace(data, 2) {
			if m.Status == 0 && m.Method == "" {
				t.Fatalf("message with neither method nor status: %+v", m)
			}
		}
	})
}

func FuzzParseAudioDebug(f *testing.F) {
	f.Add(" audio dir=sendrecv\n rcvd=5 rcvd=7")
	f.Add("rcvd=99999999999999999999999 audio dir=x")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseAudioDebug(s)
		if err == nil && st.Direction == "" {
			t.Fatalf("no error and no direction for %q", s)
		}
	})
}
