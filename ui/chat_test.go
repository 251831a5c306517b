package ui

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func chatEvent(c control.Chat) control.Event { return control.Event{Kind: control.KindChat, Chat: &c} }

// rowStates lists each shown message as "text|state".
func rowStates(v *conversationView) []string {
	var out []string
	for _, r := range v.rows {
		out = append(out, r.text.Text+"|"+r.state.Text)
	}
	return out
}

func TestSendChatShowsDeliveryState(t *testing.T) {
	h := newHarness(t, configured)
	ct := h.w.social.chat
	h.w.social.show(1)
	test.Type(ct.to, "1001")
	test.Tap(ct.start)
	h.settle()
	if !ct.conv.content.Visible() || ct.conv.title.Text != "1001" {
		t.Fatal("the conversation with 1001 did not open")
	}
	test.Type(ct.conv.compose, "hello")
	test.Tap(ct.conv.send)
	if got := rowStates(ct.conv); len(got) != 1 || got[0] != "hello|03:04 · Sending…" {
		t.Fatalf("before the phone answers: %q", got)
	}
	h.settle()
	assertCommands(t, h.fake, "SendChat 1001 hello")
	if ct.conv.compose.Text != "" {
		t.Fatal("compose box not cleared")
	}
	at := time.Date(2025, 1, 2, 3, 5, 0, 0, time.UTC)
	steps := []struct {
		e    control.Chat
		want string
	}{
		{control.Chat{ID: 7, Peer: "1001", Text: "hello", State: control.MessageSending, Time: at}, "hello|03:05 · Sending…"},
		{control.Chat{ID: 7, Peer: "1001", Text: "hello", State: control.MessageSent, Time: at}, "hello|03:05 · Sent"},
		{control.Chat{ID: 7, Peer: "1001", Text: "hello", State: control.MessageFailed, Reason: "480 Temporarily Unavailable", Time: at},
			"hello|03:05 · Failed: 480 Temporarily Unavailable"},
	}
	for _, s := range steps {
		h.push(chatEvent(s.e))
		if got := rowStates(ct.conv); len(got) != 1 || got[0] != s.want {
			t.Fatalf("after %s: rows %q, want [%s]", s.e.State, got, s.want)
		}
	}
	h.push(chatEvent(control.Chat{ID: 8, Peer: "1001", Incoming: true, Text: "hi!", State: control.MessageReceived, Time: at}))
	if got := rowStates(ct.conv); len(got) != 2 || got[1] != "hi!|03:05" {
		t.Fatalf("incoming reply not shown: %q", got)
	}
	if got := h.w.social.items[1].Text; got != "Chat" {
		t.Fatalf("tab title %q while reading the conversation, want Chat", got)
	}
}

func TestSendChatFailure(t *testing.T) {
	h := newHarness(t, configured)
	h.fake.chatErr = errors.New("no route to 1001")
	h.w.social.chatWith("1001")
	h.settle()
	v := h.w.social.chat.conv
	test.Type(v.compose, "ping")
	test.Tap(v.send)
	h.settle()
	if got := rowStates(v); len(got) != 1 || got[0] != "ping|03:04 · Failed: no route to 1001" {
		t.Fatalf("rows = %q, want the failure and its reason", got)
	}
}

func TestUnreadBadge(t *testing.T) {
	h := newHarness(t, configured)
	s := h.w.social
	in := func(peer, text string) control.Event {
		return chatEvent(control.Chat{Peer: peer, Incoming: true, Text: text, State: control.MessageReceived})
	}
	h.push(in("2002", "one"), in("2002", "two"), in("3003", "three"))
	if got := s.items[1].Text; got != "Chat (3)" {
		t.Fatalf("tab title = %q, want Chat (3)", got)
	}
	convs := s.chat.model.convs
	if len(convs) != 2 || convs[0].Peer != "3003" || unreadBadge(convs[1].Unread) != "2" {
		t.Fatalf("conversations = %+v, want 3003 first and 2002 with badge 2", convs)
	}
	s.show(1)
	s.chat.list.Select(1) // 2002
	h.settle()
	if got := s.items[1].Text; got != "Chat (1)" {
		t.Fatalf("tab title = %q after reading 2002, want Chat (1)", got)
	}
	if got := s.chat.model.peer; got != "2002" {
		t.Fatalf("open conversation %q, want 2002", got)
	}
	test.Tap(s.chat.conv.back)
	if !s.chat.browse.Visible() || s.chat.model.peer != "" {
		t.Fatal("Back did not return to the list")
	}
}

func TestChatEmptyState(t *testing.T) {
	h := newHarness(t, configured)
	if !h.w.social.chat.empty.Visible() {
		t.Fatal("no empty state without conversations")
	}
	h.push(chatEvent(control.Chat{Peer: "2002", Incoming: true, Text: "x"}))
	if h.w.social.chat.empty.Visible() {
		t.Fatal("empty state still shown with a conversation")
	}
}

func TestChatModelApply(t *testing.T) {
	tests := []struct {
		name    string
		open    string
		reading bool
		events  []control.Chat
		msgs    int
		unread  int
	}{
		{"incoming to closed conversation", "", false,
			[]control.Chat{{ID: 1, Peer: "a", Incoming: true}}, 0, 1},
		{"incoming while reading", "a", true,
			[]control.Chat{{ID: 1, Peer: "a", Incoming: true}}, 1, 0},
		{"incoming to open conversation, tab hidden", "a", false,
			[]control.Chat{{ID: 1, Peer: "a", Incoming: true}}, 1, 1},
		{"same message twice counts once", "a", false,
			[]control.Chat{{ID: 1, Peer: "a", Incoming: true}, {ID: 1, Peer: "a", Incoming: true}}, 1, 1},
		{"state updates replace the local message", "a", true, []control.Chat{
			{Peer: "a", Text: "x", State: control.MessageSending},
			{ID: 4, Peer: "a", Text: "x", State: control.MessageSending},
			{Peer: "a", Text: "x", State: control.MessageFailed},
			{ID: 4, Peer: "a", Text: "x", State: control.MessageFailed}}, 1, 0},
		{"other peer", "a", true,
			[]control.Chat{{ID: 2, Peer: "sip:b@host", Incoming: true}}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m chatModel
			if tt.open != "" {
				m.open(tt.open, nil)
			}
			for _, e := range tt.events {
				m.apply(e, tt.reading)
			}
			if len(m.msgs) != tt.msgs || m.unread() != tt.unread {
				t.Fatalf("messages %d unread %d, want %d and %d", len(m.msgs), m.unread(), tt.msgs, tt.unread)
			}
		})
	}
}

func TestPeerKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1001", "1001"}, {"sip:1001@example.com", "1001"}, {"<sips:Bob@x;transport=tls>", "bob"},
		{"tel:+4412", "+4412"}, {" 12 ", "12"}, {"", ""},
	}
	for _, tt := range tests {
		if got := peerKey(tt.in); got != tt.want {
			t.Errorf("peerKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPeerKey(f *testing.F) {
	f.Add("sip:1001@example.com;transport=udp")
	f.Add("<tel:+44>")
	f.Fuzz(func(t *testing.T, s string) {
		k := peerKey(s)
		if peerKey(k) != k && peerKey("sip:"+k) != k {
			t.Fatalf("peerKey(%q) = %q is not stable", s, k)
		}
	})
}

// BenchmarkChatApply is the per-message path of the Chat tab's model.
func BenchmarkChatApply(b *testing.B) {
	var m chatModel
	m.open("a", nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.apply(control.Chat{ID: int64(i%100 + 1), Peer: "a", Incoming: true, Text: "hi"}, true)
	}
}
