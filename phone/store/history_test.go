package store

import (
	"errors"
	"testing"
	"time"

	"softphone/phone/control"
)

func TestCallStartedAndEnded(t *testing.T) {
	s := openTest(t)
	start := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	id, err := s.CallStarted(control.Call{CallID: "abc@host", Line: 2, Direction: control.DirectionIncoming, Peer: "sip:1002@pbx",
		PeerName: "Katie", Started: start})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History(control.HistoryFilter{})
	if err != nil || len(h) != 1 {
		t.Fatalf("History = %v, %v", h, err)
	}
	if got := h[0]; !got.Started.Equal(start) || !got.Ended.IsZero() || got.Line != 2 || got.CallID != "abc@host" {
		t.Errorf("started row = %+v", got)
	}

	conn := start.Add(3 * time.Second)
	end := conn.Add(65 * time.Second)
	err = s.CallEnded(id, control.Call{Connected: conn, Ended: end, DisParty: 1, Reason: "Bye", Codec: "PCMU",
		Recording: "/rec/a.wav", PeerName: "Katie B"})
	if err != nil {
		t.Fatal(err)
	}
	h, _ = s.History(control.HistoryFilter{})
	want := control.Call{ID: id, CallID: "abc@host", Line: 2, Direction: control.DirectionIncoming, Peer: "sip:1002@pbx",
		PeerName: "Katie B", Started: start, Connected: conn, DurationMS: 65000, DisParty: 1, Reason: "Bye",
		Codec: "PCMU", Recording: "/rec/a.wav", Ended: end}
	if got := h[0]; !callEqual(got, want) {
		t.Errorf("ended row\n got %+v\nwant %+v", got, want)
	}
	// The name given at start is still searchable after the update.
	if h, _ := s.History(control.HistoryFilter{Peer: "katie"}); len(h) != 1 {
		t.Errorf("search by name after end: %d rows", len(h))
	}
}

func callEqual(a, b control.Call) bool {
	return a.ID == b.ID && a.CallID == b.CallID && a.Line == b.Line && a.Direction == b.Direction &&
		a.Peer == b.Peer && a.PeerName == b.PeerName && a.Started.Equal(b.Started) &&
		a.Connected.Equal(b.Connected) && a.DurationMS == b.DurationMS && a.DisParty == b.DisParty &&
		a.Reason == b.Reason && a.Codec == b.Codec && a.Recording == b.Recording && a.Ended.Equal(b.Ended) &&
		a.Missed == b.Missed
}

func TestCallBadInput(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"direction 0", func() error { _, err := s.CallStarted(control.Call{Peer: "1"}); return err }, ErrInvalid},
		{"direction 3", func() error { _, err := s.CallStarted(control.Call{Direction: 3}); return err }, ErrInvalid},
		{"end unknown id", func() error { return s.CallEnded(99, control.Call{}) }, ErrNotFound},
		{"negative duration", func() error { return s.CallEnded(1, control.Call{DurationMS: -5}) }, ErrInvalid},
		{"filter direction", func() error { _, err := s.History(control.HistoryFilter{Direction: 7}); return err }, ErrInvalid},
		{"filter limit", func() error { _, err := s.History(control.HistoryFilter{Limit: -1}); return err }, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestHistoryFilters(t *testing.T) {
	s := openTest(t)
	base := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	calls := []struct {
		c      control.Call
		missed bool
	}{
		{control.Call{Direction: control.DirectionOutgoing, Peer: "1001", PeerName: "Alice"}, false},
		{control.Call{Direction: control.DirectionIncoming, Peer: "1002", PeerName: "Zoë Ångström"}, true},
		{control.Call{Direction: control.DirectionIncoming, Peer: "1001", PeerName: "Alice"}, false},
		{control.Call{Direction: control.DirectionIncoming, Peer: "+7 900", PeerName: "Ярослав"}, true},
		{control.Call{Direction: control.DirectionOutgoing, Peer: "1003"}, false},
	}
	ids := make([]int64, len(calls))
	for i, c := range calls {
		c.c.Started = base.Add(time.Duration(i) * time.Minute)
		id, err := s.CallStarted(c.c)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
		if err := s.CallEnded(id, control.Call{Missed: c.missed, Ended: c.c.Started.Add(time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		f    control.HistoryFilter
		want []int64
	}{
		{"all newest first", control.HistoryFilter{}, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"outgoing", control.HistoryFilter{Direction: control.DirectionOutgoing}, []int64{ids[4], ids[0]}},
		{"incoming", control.HistoryFilter{Direction: control.DirectionIncoming}, []int64{ids[3], ids[2], ids[1]}},
		{"missed", control.HistoryFilter{MissedOnly: true}, []int64{ids[3], ids[1]}},
		{"peer number", control.HistoryFilter{Peer: "1001"}, []int64{ids[2], ids[0]}},
		{"name accent-insensitive", control.HistoryFilter{Peer: "zoe angstrom"}, []int64{ids[1]}},
		{"cyrillic upper case", control.HistoryFilter{Peer: "ЯРОСЛАВ"}, []int64{ids[3]}},
		{"limit", control.HistoryFilter{Limit: 2}, []int64{ids[4], ids[3]}},
		{"limit offset", control.HistoryFilter{Limit: 2, Offset: 2}, []int64{ids[2], ids[1]}},
		{"since", control.HistoryFilter{Since: base.Add(3 * time.Minute)}, []int64{ids[4], ids[3]}},
		{"missed incoming peer", control.HistoryFilter{Direction: control.DirectionIncoming, MissedOnly: true, Peer: "+7"}, []int64{ids[3]}},
		{"no match", control.HistoryFilter{Peer: "nobody"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := s.History(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, c := range h {
				got = append(got, c.ID)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("ids = %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("ids = %v, want %v", got, tc.want)
				}
			}
		})
	}
}
