package phone

import (
	"errors"
	"io"
	"strings"
	"time"

	"softphone/phone/control"
	"softphone/phone/store"
)

// openStore opens the database named by the database parameter ("" the user's config
// folder, "none" nothing). A corrupt file is kept as a backup and a fresh one started; a
// database that cannot be opened at all is reported and the phone runs without it.
// Owner goroutine.
func (p *Phone) openStore() {
	path := p.params.Get("database")
	if strings.EqualFold(path, "none") {
		return
	}
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			p.notice(control.KindError, "No history or chat will be kept: %v", err)
			return
		}
	}
	st, backup, err := store.OpenOrRecover(path)
	if err != nil {
		p.notice(control.KindError, "No history or chat will be kept: %v", err)
		return
	}
	if backup != "" {
		p.notice(control.KindError, "The database %s was damaged; it was kept as %s and a new one started", path, backup)
	}
	p.store = st
}

// closeStore closes the database. Owner goroutine.
func (p *Phone) closeStore() {
	if p.store != nil {
		if err := p.store.Close(); err != nil {
			p.log.Warn("closing the database", "error", err)
		}
		p.store = nil
	}
}

// historyStart writes a call's history row as soon as the call exists. Owner goroutine.
func (p *Phone) historyStart(c *call) {
	if p.store == nil || c.historyID != 0 || c.echo {
		return
	}
	id, err := p.store.CallStarted(control.Call{CallID: c.callID, Line: c.line, Direction: c.dir, Peer: c.peer,
		PeerName: c.peerName, Started: c.started})
	if err != nil {
		p.notice(control.KindError, "Could not save the call with %s to the history: %v", c.peer, err)
		return
	}
	c.historyID = id
	p.offerToSave(c)
}

// historyEnd completes a call's history row. Owner goroutine.
func (p *Phone) historyEnd(c *call, ended time.Time, cdr control.CDR) {
	if p.store == nil || c.historyID == 0 {
		return
	}
	rec := control.Call{CallID: c.callID, Line: c.line, Direction: c.dir, Peer: c.peer, PeerName: c.peerName,
		Started: c.started, Connected: c.connected, DurationMS: cdr.DurationMS, DisParty: cdr.DisParty,
		Reason: cdr.Reason, Codec: c.codec, Ended: ended, Quality: cdr.Quality,
		Missed: c.dir == control.DirectionIncoming && c.connected.IsZero() && cdr.DisParty != 1}
	rec.Recording = c.recorded // also when the recording was stopped before the call ended
	if err := p.store.CallEnded(c.historyID, rec); err != nil {
		p.notice(control.KindError, "Could not complete the history of the call with %s: %v", c.peer, err)
	}
}

// History returns call history, newest first.
func (p *Phone) History(f control.HistoryFilter) ([]control.Call, error) {
	var out []control.Call
	err := p.withStore(func(s *store.Store) (err error) { out, err = s.History(f); return })
	return out, err
}

// Conversation returns the chat with peer, oldest first, and marks it read.
func (p *Phone) Conversation(peer string, limit int) ([]control.Message, error) {
	var out []control.Message
	err := p.withStore(func(s *store.Store) (err error) {
		if out, err = s.Conversation(peer, limit); err == nil {
			err = s.MarkRead(peer)
		}
		return
	})
	return out, err
}

// ErrNoStore is returned when the phone keeps no database (database=none or it failed to open).
var ErrNoStore = errors.New("no database: history, contacts and chat are not kept (see parameter database)")

// withStore runs f with the database on the owner goroutine.
func (p *Phone) withStore(f func(*store.Store) error) error {
	var err error
	if !p.run(func() {
		if p.store == nil {
			err = ErrNoStore
			return
		}
		err = f(p.store)
	}) {
		return ErrClosed
	}
	return err
}

// ExportHistoryCSV writes the whole call history as CSV.
func (p *Phone) ExportHistoryCSV(w io.Writer) error {
	return p.withStore(func(s *store.Store) error { return s.ExportHistoryCSV(w) })
}
