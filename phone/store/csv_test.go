package store

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"

	"softphone/phone/control"
)

func TestExportHistoryCSV(t *testing.T) {
	s := openTest(t)
	start := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	id1, _ := s.CallStarted(control.Call{Direction: control.DirectionOutgoing, Peer: "1001", PeerName: `Smith, "Bob"`, Line: 1,
		CallID: "c1", Started: start})
	if err := s.CallEnded(id1, control.Call{Connected: start.Add(1500 * time.Millisecond), DurationMS: 10000, DisParty: 2,
		Reason: "line one,\nline \"two\"", Codec: "opus", Recording: `C:\rec\a b.wav`, Ended: start.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	id2, _ := s.CallStarted(control.Call{Direction: control.DirectionIncoming, Peer: "sip:zoë@example.com", PeerName: "Zoë", Line: 2,
		CallID: "c2", Started: start.Add(time.Hour)})
	if err := s.CallEnded(id2, control.Call{Missed: true, Reason: "Cancelled", Ended: start.Add(time.Hour + time.Second)}); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	if err := s.ExportHistoryCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("exported CSV does not parse: %v\n%s", err, buf.String())
	}
	want := [][]string{
		{"start", "direction", "peer", "name", "line", "callid", "connect_ms", "duration_ms", "disparty", "reason", "codec", "recording"},
		{"2026-01-02T11:00:00.000Z", "in", "sip:zoë@example.com", "Zoë", "2", "c2", "", "0", "0", "Cancelled", "", ""},
		{"2026-01-02T10:00:00.000Z", "out", "1001", `Smith, "Bob"`, "1", "c1", "1500", "10000", "2", "line one,\nline \"two\"", "opus", `C:\rec\a b.wav`},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("CSV records\n got %q\nwant %q", recs, want)
	}
	const header = "start,direction,peer,name,line,callid,connect_ms,duration_ms,disparty,reason,codec,recording\n"
	if raw := wantRaw(t, s); !strings.HasPrefix(raw, header) {
		t.Errorf("CSV starts %q, want header %q", raw[:min(len(raw), 120)], header)
	}
}

func wantRaw(t *testing.T, s *Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.ExportHistoryCSV(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestExportHistoryCSVQuoting(t *testing.T) {
	s := openTest(t)
	id, _ := s.CallStarted(control.Call{Direction: control.DirectionOutgoing, Peer: "a,b"})
	if err := s.CallEnded(id, control.Call{Reason: `say "hi"`}); err != nil {
		t.Fatal(err)
	}
	raw := wantRaw(t, s)
	for _, frag := range []string{`"a,b"`, `"say ""hi"""`} {
		if !strings.Contains(raw, frag) {
			t.Errorf("CSV %q lacks quoted field %s", raw, frag)
		}
	}
}
