package store

import (
	"context"
	"fmt"
)

// schema returns the ordered migrations: entry i brings the database to
// version i+1, recorded in PRAGMA user_version in the same transaction.
// Never edit a released migration; append a new one. (A function, not a
// package variable, so nothing can change the list at run time.)
func schema() [][]string {
	return [][]string{
		{ // 1: call history, contacts, chat
			`CREATE TABLE calls (
				id           INTEGER PRIMARY KEY,
				call_id      TEXT    NOT NULL DEFAULT '',
				line         INTEGER NOT NULL DEFAULT 0,
				direction    INTEGER NOT NULL CHECK (direction IN (1, 2)),
				peer         TEXT    NOT NULL DEFAULT '',
				peer_name    TEXT    NOT NULL DEFAULT '',
				started_ms   INTEGER NOT NULL,
				connected_ms INTEGER NOT NULL DEFAULT 0,
				duration_ms  INTEGER NOT NULL DEFAULT 0,
				dis_party    INTEGER NOT NULL DEFAULT 0,
				reason       TEXT    NOT NULL DEFAULT '',
				codec        TEXT    NOT NULL DEFAULT '',
				recording    TEXT    NOT NULL DEFAULT '',
				ended_ms     INTEGER NOT NULL DEFAULT 0,
				missed       INTEGER NOT NULL DEFAULT 0,
				search       TEXT    NOT NULL DEFAULT ''
			)`,
			`CREATE INDEX calls_started ON calls (started_ms DESC, id DESC)`,
			`CREATE TABLE contacts (
				id        INTEGER PRIMARY KEY,
				name      TEXT    NOT NULL CHECK (name <> ''),
				email     TEXT    NOT NULL DEFAULT '',
				notes     TEXT    NOT NULL DEFAULT '',
				favourite INTEGER NOT NULL DEFAULT 0,
				presence  INTEGER NOT NULL DEFAULT 0,
				search    TEXT    NOT NULL DEFAULT ''
			)`,
			`CREATE TABLE contact_numbers (
				id         INTEGER PRIMARY KEY,
				contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
				pos        INTEGER NOT NULL,
				label      TEXT    NOT NULL DEFAULT '',
				value      TEXT    NOT NULL,
				norm       TEXT    NOT NULL,
				user       TEXT    NOT NULL
			)`,
			`CREATE INDEX contact_numbers_contact ON contact_numbers (contact_id, pos)`,
			`CREATE INDEX contact_numbers_norm ON contact_numbers (norm)`,
			`CREATE INDEX contact_numbers_user ON contact_numbers (user)`,
			`CREATE TABLE messages (
				id       INTEGER PRIMARY KEY,
				peer     TEXT    NOT NULL,
				incoming INTEGER NOT NULL,
				text     TEXT    NOT NULL,
				state    TEXT    NOT NULL,
				reason   TEXT    NOT NULL DEFAULT '',
				time_ms  INTEGER NOT NULL,
				call_id  TEXT    NOT NULL DEFAULT '',
				cseq     INTEGER NOT NULL DEFAULT 0,
				read     INTEGER NOT NULL DEFAULT 0
			)`,
			`CREATE INDEX messages_peer ON messages (peer, time_ms, id)`,
			`CREATE UNIQUE INDEX messages_dedupe ON messages (call_id, cseq) WHERE incoming = 1 AND call_id <> ''`,
		},
		{ // 2: unread counts without a table scan
			`CREATE INDEX messages_unread ON messages (peer) WHERE incoming = 1 AND read = 0`,
		},
		{ // 3: call quality of each call (whole-call MOS, loss, jitter, round trip)
			`ALTER TABLE calls ADD COLUMN mos             REAL NOT NULL DEFAULT 0`,
			`ALTER TABLE calls ADD COLUMN loss_pct        REAL NOT NULL DEFAULT 0`,
			`ALTER TABLE calls ADD COLUMN jitter_ms       REAL NOT NULL DEFAULT 0`,
			`ALTER TABLE calls ADD COLUMN rtt_ms          REAL NOT NULL DEFAULT 0`,
			`ALTER TABLE calls ADD COLUMN remote_loss_pct REAL NOT NULL DEFAULT 0`,
		},
	}
}

// SchemaVersion returns the schema version of the open database.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, s.wrap("read schema version", err)
	}
	return v, nil
}

// migrate applies every migration newer than the file's user_version, each
// in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	steps := schema()
	cur, err := s.SchemaVersion()
	if err != nil {
		return err
	}
	if cur > len(steps) {
		return fmt.Errorf("%w: %s has schema version %d, this program knows up to %d", ErrSchema, s.path, cur, len(steps))
	}
	for v := cur + 1; v <= len(steps); v++ {
		if err := s.applyMigration(ctx, v, steps[v-1]); err != nil {
			return err
		}
		s.log.Info("database migrated", "path", s.path, "version", v)
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, version int, stmts []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %d: %w", version, err)
	}
	defer tx.Rollback()
	for i, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("migration %d statement %d: %w", version, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return fmt.Errorf("migration %d: set user_version: %w", version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %d: commit: %w", version, err)
	}
	return nil
}
