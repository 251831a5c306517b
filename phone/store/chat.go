package store

import (
	"fmt"
	"strings"

	"softphone/phone/control"
)

func validState(st string) bool {
	switch st {
	case control.MessageSending, control.MessageSent, control.MessageFailed, control.MessageReceived:
		return true
	}
	return false
}

func (s *Store) prepareMessage(m *control.Message) error {
	m.Peer = strings.TrimSpace(m.Peer)
	if m.Peer == "" {
		return invalidf("message peer is required")
	}
	if m.Time.IsZero() {
		m.Time = s.now()
	}
	return nil
}

// SaveOutgoing stores an outgoing message before it is sent, in state
// "sending" (unless m.State says otherwise), and returns its ID for
// SetMessageState once the far end answers.
func (s *Store) SaveOutgoing(m control.Message) (int64, error) {
	if err := s.prepareMessage(&m); err != nil {
		return 0, err
	}
	if m.State == "" {
		m.State = control.MessageSending
	}
	if !validState(m.State) {
		return 0, invalidf("message state %q", m.State)
	}
	res, err := s.db.Exec(`INSERT INTO messages (peer, incoming, text, state, reason, time_ms, call_id, cseq, read)
		VALUES (?, 0, ?, ?, ?, ?, ?, ?, 1)`, m.Peer, m.Text, m.State, m.Reason, toMS(m.Time), m.CallID, int64(m.CSeq))
	if err != nil {
		return 0, s.wrap("save outgoing message", err)
	}
	id, err := res.LastInsertId()
	return id, s.wrap("save outgoing message", err)
}

// SetMessageState records the outcome of sending message id (e.g. "sent",
// or "failed" with the reason).
func (s *Store) SetMessageState(id int64, state, reason string) error {
	if !validState(state) {
		return invalidf("message state %q (want sending, sent, failed or received)", state)
	}
	res, err := s.db.Exec(`UPDATE messages SET state = ?, reason = ? WHERE id = ?`, state, reason, id)
	if err != nil {
		return s.wrap("set message state", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: message %d", ErrNotFound, id)
	}
	return nil
}

// SaveIncoming stores a received message before the 200 OK is sent. A
// retransmission (same Call-ID and CSeq as a stored message) adds no row:
// it returns the stored message's ID and dup=true.
func (s *Store) SaveIncoming(m control.Message) (id int64, dup bool, err error) {
	if err := s.prepareMessage(&m); err != nil {
		return 0, false, err
	}
	res, err := s.db.Exec(`INSERT INTO messages (peer, incoming, text, state, reason, time_ms, call_id, cseq, read)
		VALUES (?, 1, ?, ?, '', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		m.Peer, m.Text, control.MessageReceived, toMS(m.Time), m.CallID, int64(m.CSeq), b2i(m.Read))
	if err != nil {
		return 0, false, s.wrap("save incoming message", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		id, err = res.LastInsertId()
		return id, false, s.wrap("save incoming message", err)
	}
	err = s.db.QueryRow(`SELECT id FROM messages WHERE call_id = ? AND cseq = ? AND incoming = 1 AND call_id <> ''`,
		m.CallID, int64(m.CSeq)).Scan(&id)
	if err != nil {
		return 0, false, s.wrap("find duplicate message", err)
	}
	return id, true, nil
}

const messageColumns = `id, peer, incoming, text, state, reason, time_ms, call_id, cseq, read`

func scanMessage(sc interface{ Scan(...any) error }) (control.Message, error) {
	var m control.Message
	var ms, cseq int64
	err := sc.Scan(&m.ID, &m.Peer, &m.Incoming, &m.Text, &m.State, &m.Reason, &ms, &m.CallID, &cseq, &m.Read)
	m.Time, m.CSeq = fromMS(ms), uint32(cseq)
	return m, err
}

// Conversation returns the last limit messages with peer (all if limit <=
// 0), oldest first.
func (s *Store) Conversation(peer string, limit int) ([]control.Message, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.Query(`SELECT * FROM (SELECT `+messageColumns+` FROM messages WHERE peer = ?
		ORDER BY time_ms DESC, id DESC LIMIT ?) ORDER BY time_ms, id`, strings.TrimSpace(peer), limit)
	if err != nil {
		return nil, s.wrap("read conversation", err)
	}
	defer rows.Close()
	var out []control.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, s.wrap("read conversation", err)
		}
		out = append(out, m)
	}
	return out, s.wrap("read conversation", rows.Err())
}

// Conversations lists every peer with its newest message and unread count,
// most recent conversation first.
func (s *Store) Conversations() ([]control.ConversationSummary, error) {
	rows, err := s.db.Query(`SELECT ` + messageColumns + `,
			(SELECT COUNT(*) FROM messages u WHERE u.peer = m.peer AND u.incoming = 1 AND u.read = 0)
		FROM messages m
		WHERE m.id = (SELECT x.id FROM messages x WHERE x.peer = m.peer ORDER BY x.time_ms DESC, x.id DESC LIMIT 1)
		ORDER BY m.time_ms DESC, m.id DESC`)
	if err != nil {
		return nil, s.wrap("list conversations", err)
	}
	defer rows.Close()
	var out []control.ConversationSummary
	for rows.Next() {
		var cs control.ConversationSummary
		var ms, cseq int64
		m := &cs.Last
		if err := rows.Scan(&m.ID, &m.Peer, &m.Incoming, &m.Text, &m.State, &m.Reason, &ms, &m.CallID, &cseq,
			&m.Read, &cs.Unread); err != nil {
			return nil, s.wrap("list conversations", err)
		}
		m.Time, m.CSeq, cs.Peer = fromMS(ms), uint32(cseq), m.Peer
		out = append(out, cs)
	}
	return out, s.wrap("list conversations", rows.Err())
}

// MarkRead marks every incoming message from peer as read.
func (s *Store) MarkRead(peer string) error {
	_, err := s.db.Exec(`UPDATE messages SET read = 1 WHERE peer = ? AND incoming = 1 AND read = 0`, strings.TrimSpace(peer))
	return s.wrap("mark read", err)
}

// Message is control.Message, kept under this name for phone/chat.go until it names the
// contract type itself.
type Message = control.Message
