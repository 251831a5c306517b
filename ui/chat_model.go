package ui

import (
	"slices"

	"softphone/phone/control"
)

// chatModel is what the Chat tab shows, folded from Conversations, Conversation and chat
// events: the conversation list with unread counts and the open conversation's messages.
// UI thread only.
type chatModel struct {
	convs []control.ConversationSummary // most recent first
	peer  string                        // the open conversation; "" when none
	msgs  []control.Message             // the open conversation, oldest first
}

// setConversations replaces the conversation list; the open one counts as read.
func (m *chatModel) setConversations(cs []control.ConversationSummary) {
	m.convs = cs
	if i := m.find(m.peer); m.peer != "" && i >= 0 {
		m.convs[i].Unread = 0
	}
}

// open makes peer's conversation the open one with msgs and marks it read.
func (m *chatModel) open(peer string, msgs []control.Message) {
	m.peer = peer
	m.msgs = msgs
	if i := m.find(peer); i >= 0 {
		m.convs[i].Unread = 0
	}
}

// closeConversation goes back to the list.
func (m *chatModel) closeConversation() {
	m.peer, m.msgs = "", nil
}

// apply folds one chat event: a new message or a sent one's new delivery state. reading says
// the user sees the open conversation now, so an incoming message there is not unread. It
// reports whether the open conversation changed.
func (m *chatModel) apply(c control.Chat, reading bool) bool {
	msg := control.Message{ID: c.ID, Peer: c.Peer, Incoming: c.Incoming, Text: c.Text, State: c.State,
		Reason: c.Reason, Time: c.Time}
	isNew := true
	open := m.peer != "" && samePeer(m.peer, c.Peer)
	if open {
		isNew = upsertMessage(&m.msgs, msg)
	}
	i := m.find(c.Peer)
	if i < 0 {
		m.convs = append(m.convs, control.ConversationSummary{Peer: c.Peer})
		i = len(m.convs) - 1
	}
	conv := m.convs[i]
	if conv.Last.ID == 0 || conv.Last.ID == msg.ID || !msg.Time.Before(conv.Last.Time) {
		conv.Last = msg
	}
	if isNew && c.Incoming && !(open && reading) {
		conv.Unread++
	}
	// The conversation with the newest message comes first.
	m.convs = slices.Delete(m.convs, i, i+1)
	m.convs = slices.Insert(m.convs, 0, conv)
	return open
}

// unread is the number of unread messages over all conversations.
func (m *chatModel) unread() int {
	n := 0
	for _, c := range m.convs {
		n += c.Unread
	}
	return n
}

// find returns the index of peer's conversation, -1 when there is none.
func (m *chatModel) find(peer string) int {
	return slices.IndexFunc(m.convs, func(c control.ConversationSummary) bool { return samePeer(c.Peer, peer) })
}

// upsertMessage replaces the message msg updates, or appends msg; it reports whether msg was
// new. A message sent from this window is shown before the phone gives it an ID, so an event
// for an outgoing message still sending with the same text updates it, keeping whichever ID
// is known.
func upsertMessage(msgs *[]control.Message, msg control.Message) bool {
	ms := *msgs
	if msg.ID != 0 {
		for i := range ms {
			if ms[i].ID == msg.ID {
				ms[i] = msg
				return false
			}
		}
	}
	if !msg.Incoming {
		for i := len(ms) - 1; i >= 0; i-- {
			old := ms[i]
			if !old.Incoming && old.Text == msg.Text && old.State == control.MessageSending &&
				(old.ID == 0 || msg.ID == 0) {
				if msg.ID == 0 {
					msg.ID = old.ID
				}
				ms[i] = msg
				return false
			}
		}
	}
	*msgs = append(ms, msg)
	return true
}

// samePeer reports whether a and b name the same chat peer.
func samePeer(a, b string) bool {
	return a == b || peerKey(a) == peerKey(b)
}
