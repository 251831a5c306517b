package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"softphone/phone/control"
)

func toMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CallStarted records a call as soon as it starts; the row is committed
// (and synced) before it returns. A zero Started means now.
func (s *Store) CallStarted(c control.Call) (int64, error) {
	if c.Direction != control.DirectionOutgoing && c.Direction != control.DirectionIncoming {
		return 0, invalidf("call direction %d (want 1 outgoing or 2 incoming)", c.Direction)
	}
	if c.Started.IsZero() {
		c.Started = s.now()
	}
	res, err := s.db.Exec(`INSERT INTO calls (call_id, line, direction, peer, peer_name, started_ms, search)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.CallID, c.Line, c.Direction, c.Peer, c.PeerName, toMS(c.Started), Fold(c.Peer+" "+c.PeerName))
	if err != nil {
		return 0, s.wrap("record call start", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, s.wrap("record call start", err)
	}
	return id, nil
}

// CallEnded completes the history row id with how the call went: connect
// time, duration, disconnect party, reason, codec, recording, end time,
// missed flag and the call's quality (MOS, loss, jitter, RTT, the peer's loss). A zero Ended means now; a zero DurationMS on a connected call
// is computed from Connected and Ended. A non-empty PeerName replaces the one
// known at start.
func (s *Store) CallEnded(id int64, c control.Call) error {
	if c.Ended.IsZero() {
		c.Ended = s.now()
	}
	if c.DurationMS == 0 && !c.Connected.IsZero() && c.Ended.After(c.Connected) {
		c.DurationMS = c.Ended.Sub(c.Connected).Milliseconds()
	}
	if c.DurationMS < 0 {
		return invalidf("call %d duration %d ms is negative", id, c.DurationMS)
	}
	res, err := s.db.Exec(`UPDATE calls SET
			connected_ms = ?, duration_ms = ?, dis_party = ?, reason = ?, codec = ?, recording = ?,
			ended_ms = ?, missed = ?,
			mos = ?, loss_pct = ?, jitter_ms = ?, rtt_ms = ?, remote_loss_pct = ?,
			peer_name = CASE WHEN ? <> '' THEN ? ELSE peer_name END,
			search = CASE WHEN ? <> '' THEN search || ' ' || ? ELSE search END
		WHERE id = ?`,
		toMS(c.Connected), c.DurationMS, c.DisParty, c.Reason, c.Codec, c.Recording,
		toMS(c.Ended), b2i(c.Missed),
		c.Quality.MOS, c.Quality.LossPct, c.Quality.JitterMS, c.Quality.RTTMS, c.Quality.RemoteLossPct,
		c.PeerName, c.PeerName,
		c.PeerName, Fold(c.PeerName),
		id)
	if err != nil {
		return s.wrap("record call end", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: call history row %d", ErrNotFound, id)
	}
	return nil
}

const callColumns = `id, call_id, line, direction, peer, peer_name, started_ms, connected_ms, duration_ms,
	dis_party, reason, codec, recording, ended_ms, missed, mos, loss_pct, jitter_ms, rtt_ms, remote_loss_pct`

func scanCall(sc interface{ Scan(...any) error }) (control.Call, error) {
	var c control.Call
	var started, connected, ended int64
	var missed int
	err := sc.Scan(&c.ID, &c.CallID, &c.Line, &c.Direction, &c.Peer, &c.PeerName, &started, &connected,
		&c.DurationMS, &c.DisParty, &c.Reason, &c.Codec, &c.Recording, &ended, &missed,
		&c.Quality.MOS, &c.Quality.LossPct, &c.Quality.JitterMS, &c.Quality.RTTMS, &c.Quality.RemoteLossPct)
	c.Started, c.Connected, c.Ended, c.Missed = fromMS(started), fromMS(connected), fromMS(ended), missed != 0
	return c, err
}

// historyQuery builds the SELECT for f, newest first.
func historyQuery(f control.HistoryFilter) (string, []any, error) {
	var where []string
	var args []any
	switch f.Direction {
	case 0:
	case control.DirectionOutgoing, control.DirectionIncoming:
		where, args = append(where, "direction = ?"), append(args, f.Direction)
	default:
		return "", nil, invalidf("history filter direction %d (want 0, 1 or 2)", f.Direction)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return "", nil, invalidf("history filter limit %d / offset %d is negative", f.Limit, f.Offset)
	}
	if f.MissedOnly {
		where = append(where, "missed = 1")
	}
	if p := strings.TrimSpace(f.Peer); p != "" {
		where, args = append(where, "instr(search, ?) > 0"), append(args, Fold(p))
	}
	if !f.Since.IsZero() {
		where, args = append(where, "started_ms >= ?"), append(args, toMS(f.Since))
	}
	q := "SELECT " + callColumns + " FROM calls"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY started_ms DESC, id DESC"
	limit := f.Limit
	if limit == 0 {
		limit = -1
	}
	q += " LIMIT ? OFFSET ?"
	args = append(args, limit, f.Offset)
	return q, args, nil
}

// History returns call-history rows matching f, newest first.
func (s *Store) History(f control.HistoryFilter) ([]control.Call, error) {
	q, args, err := historyQuery(f)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, s.wrap("read history", err)
	}
	defer rows.Close()
	return collectCalls(rows, s)
}

func collectCalls(rows *sql.Rows, s *Store) ([]control.Call, error) {
	var out []control.Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, s.wrap("read history", err)
		}
		out = append(out, c)
	}
	return out, s.wrap("read history", rows.Err())
}
