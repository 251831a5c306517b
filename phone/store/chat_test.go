package store

import (
	"errors"
	"testing"
	"time"

	"softphone/phone/control"
)

func TestOutgoingMessageStates(t *testing.T) {
	s := openTest(t)
	id, err := s.SaveOutgoing(control.Message{Peer: "sip:bob@pbx", Text: "hello, Zoë ✓"})
	if err != nil {
		t.Fatal(err)
	}
	conv, _ := s.Conversation("sip:bob@pbx", 0)
	if len(conv) != 1 || conv[0].State != control.MessageSending || conv[0].Incoming || conv[0].Text != "hello, Zoë ✓" {
		t.Fatalf("saved before send = %+v", conv)
	}
	if err := s.SetMessageState(id, control.MessageFailed, "480 Temporarily Unavailable"); err != nil {
		t.Fatal(err)
	}
	conv, _ = s.Conversation("sip:bob@pbx", 0)
	if conv[0].State != control.MessageFailed || conv[0].Reason != "480 Temporarily Unavailable" {
		t.Errorf("after failure = %+v", conv[0])
	}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"bad state", func() error { return s.SetMessageState(id, "lost", "") }, ErrInvalid},
		{"missing id", func() error { return s.SetMessageState(999, control.MessageSent, "") }, ErrNotFound},
		{"no peer out", func() error { _, err := s.SaveOutgoing(control.Message{Text: "x"}); return err }, ErrInvalid},
		{"no peer in", func() error { _, _, err := s.SaveIncoming(control.Message{Text: "x"}); return err }, ErrInvalid},
		{"bad initial state", func() error { _, err := s.SaveOutgoing(control.Message{Peer: "p", State: "odd"}); return err }, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestIncomingDedupe(t *testing.T) {
	s := openTest(t)
	m := control.Message{Peer: "sip:alice@pbx", Text: "hi", CallID: "cid-1", CSeq: 7}
	id1, dup, err := s.SaveIncoming(m)
	if err != nil || dup {
		t.Fatalf("first SaveIncoming = %d, %v, %v", id1, dup, err)
	}
	tests := []struct {
		name    string
		m       control.Message
		wantDup bool
	}{
		{"retransmission", m, true},
		{"same call-id new cseq", control.Message{Peer: "sip:alice@pbx", Text: "again", CallID: "cid-1", CSeq: 8}, false},
		{"same cseq other call-id", control.Message{Peer: "sip:alice@pbx", Text: "x", CallID: "cid-2", CSeq: 7}, false},
		{"no call-id is never a dup", control.Message{Peer: "sip:alice@pbx", Text: "y"}, false},
		{"no call-id again", control.Message{Peer: "sip:alice@pbx", Text: "y"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, dup, err := s.SaveIncoming(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if dup != tc.wantDup {
				t.Errorf("dup = %v, want %v", dup, tc.wantDup)
			}
			if tc.wantDup && id != id1 {
				t.Errorf("dup id = %d, want the stored %d", id, id1)
			}
		})
	}
	conv, _ := s.Conversation("sip:alice@pbx", 0)
	if len(conv) != 5 {
		t.Errorf("conversation has %d messages, want 5 (one dup dropped)", len(conv))
	}
	// An outgoing message may reuse a Call-ID/CSeq pair seen incoming without clashing.
	if _, err := s.SaveOutgoing(control.Message{Peer: "sip:alice@pbx", CallID: "cid-1", CSeq: 7}); err != nil {
		t.Errorf("outgoing with same call-id: %v", err)
	}
}

func TestConversationsUnread(t *testing.T) {
	s := openTest(t)
	base := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	msgs := []struct {
		in bool
		m  control.Message
	}{
		{true, control.Message{Peer: "alice", Text: "a1", CallID: "1", CSeq: 1}},
		{true, control.Message{Peer: "alice", Text: "a2", CallID: "2", CSeq: 1}},
		{false, control.Message{Peer: "bob", Text: "b1"}},
		{true, control.Message{Peer: "bob", Text: "b2", CallID: "3", CSeq: 1}},
		{false, control.Message{Peer: "alice", Text: "a3"}},
		{true, control.Message{Peer: "carol", Text: "c1", CallID: "4", CSeq: 1, Read: true}},
	}
	for i, x := range msgs {
		x.m.Time = base.Add(time.Duration(i) * time.Minute)
		var err error
		if x.in {
			_, _, err = s.SaveIncoming(x.m)
		} else {
			_, err = s.SaveOutgoing(x.m)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	type row struct {
		peer, last string
		unread     int
	}
	summary := func() []row {
		cs, err := s.Conversations()
		if err != nil {
			t.Fatal(err)
		}
		var out []row
		for _, c := range cs {
			out = append(out, row{c.Peer, c.Last.Text, c.Unread})
		}
		return out
	}
	want := []row{{"carol", "c1", 0}, {"alice", "a3", 2}, {"bob", "b2", 1}}
	if got := summary(); !rowsEqual(got, want) {
		t.Errorf("Conversations = %v, want %v", got, want)
	}
	if err := s.MarkRead("alice"); err != nil {
		t.Fatal(err)
	}
	want[1].unread = 0
	if got := summary(); !rowsEqual(got, want) {
		t.Errorf("after MarkRead = %v, want %v", got, want)
	}
	conv, _ := s.Conversation("alice", 2)
	if len(conv) != 2 || conv[0].Text != "a2" || conv[1].Text != "a3" || !conv[0].Read {
		t.Errorf("Conversation(alice, 2) = %+v, want a2, a3 oldest first", conv)
	}
}

func rowsEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
