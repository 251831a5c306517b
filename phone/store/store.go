// Package store is the phone's memory: one SQLite database (pure Go, WAL,
// foreign keys, synchronous=FULL) holding call history, contacts and chat
// messages, with a versioned schema and ordered migrations.
//
// Writes that must survive a crash (a call starting, a message arriving) are
// committed and synced before the method returns. A corrupt file is never
// silently reset: it is moved aside and reported (see CorruptError,
// OpenOrRecover).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Store is an open phone database. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	log  *slog.Logger
	now  func() time.Time
}

// DefaultPath returns os.UserConfigDir()/softphone/phone.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("store: no user config directory: %w", err)
	}
	return filepath.Join(dir, "softphone", "phone.db"), nil
}

// Open opens (creating if needed) the database at path, creating its folder
// with mode 0700, checks it with PRAGMA quick_check and applies any pending
// migrations. A corrupt file is moved to PATH.corrupt-<time> and a
// *CorruptError (wrapping ErrCorrupt) is returned; a file or folder that
// cannot be written gives an error wrapping ErrReadOnly.
func Open(path string, opts ...Option) (*Store, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if strings.TrimSpace(path) == "" {
		return nil, invalidf("database path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: database path %q: %w", path, err)
	}
	if err := checkWritable(abs); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(abs, cfg))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", abs, err)
	}
	db.SetMaxOpenConns(cfg.maxOpenConns)
	s := &Store{db: db, path: abs, log: cfg.log, now: cfg.now}
	if err := s.verify(); err != nil {
		db.Close()
		return nil, s.failOpen(err)
	}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, s.failOpen(err)
	}
	return s, nil
}

// failOpen turns an error found while opening into ErrCorrupt (moving the
// file aside) or ErrReadOnly where SQLite says so.
func (s *Store) failOpen(err error) error {
	var ce *CorruptError
	if errors.As(err, &ce) || isCorrupt(err) {
		detail := err.Error()
		if ce != nil {
			detail = ce.Detail
		}
		backup, berr := backupCorrupt(s.path, s.now())
		out := &CorruptError{Path: s.path, Backup: backup, Detail: detail}
		if berr != nil {
			s.log.Error("corrupt database could not be moved aside", "path", s.path, "err", berr)
			return fmt.Errorf("%w (moving it aside failed: %v)", out, berr)
		}
		s.log.Error("corrupt database moved aside", "path", s.path, "backup", backup, "detail", detail)
		return out
	}
	if isReadOnly(err) {
		return fmt.Errorf("%w: %s: %v", ErrReadOnly, s.path, err)
	}
	return fmt.Errorf("store: open %s: %w", s.path, err)
}

// dsn builds the SQLite URI for path with the connection pragmas every
// pooled connection gets.
func dsn(path string, cfg config) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	u := url.URL{Scheme: "file", Path: p}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(cfg.busyTimeout.Milliseconds()))
	q.Set("_foreign_keys", "1")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", cfg.synchronous)
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// verify runs PRAGMA quick_check.
func (s *Store) verify() error {
	res, err := s.check("quick_check")
	if err != nil {
		return err
	}
	if res != "ok" {
		return &CorruptError{Path: s.path, Detail: "quick_check: " + res}
	}
	return nil
}

func (s *Store) check(pragma string) (string, error) {
	rows, err := s.db.Query("PRAGMA " + pragma)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return strings.Join(lines, "; "), nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close checkpoints and closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its result, "ok"
// for a healthy database.
func (s *Store) IntegrityCheck() (string, error) {
	res, err := s.check("integrity_check")
	if err != nil {
		return "", s.wrap("integrity check", err)
	}
	return res, nil
}

// wrap names the operation and maps SQLite's corrupt/read-only codes onto the
// package's sentinels.
func (s *Store) wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case isCorrupt(err):
		return fmt.Errorf("%w: %s: %s: %v", ErrCorrupt, op, s.path, err)
	case isReadOnly(err):
		return fmt.Errorf("%w: %s: %s: %v", ErrReadOnly, op, s.path, err)
	default:
		return fmt.Errorf("store: %s: %w", op, err)
	}
}
