package store

import (
	"errors"
	"fmt"

	"softphone/phone/control"
)

// Sentinel errors. Every error returned by this package wraps one of them (or
// a lower-level error from the database) with details naming the file, record
// or field that was wrong.
var (
	// ErrCorrupt reports a database file that fails SQLite's checks.
	ErrCorrupt = errors.New("store: database is corrupt")
	// ErrReadOnly reports a database file or folder that cannot be written.
	ErrReadOnly = errors.New("store: database is read-only")
	// ErrNotFound reports a record that does not exist. It is control.ErrNotFound, the
	// contract's sentinel, so front ends test it without importing this package.
	ErrNotFound = control.ErrNotFound
	// ErrInvalid reports input that cannot be stored.
	ErrInvalid = errors.New("store: invalid input")
	// ErrSchema reports a database written by a newer program version.
	ErrSchema = errors.New("store: unsupported schema version")
)

// CorruptError describes a corrupt database file that was moved aside.
// It wraps ErrCorrupt, so errors.Is(err, ErrCorrupt) holds.
type CorruptError struct {
	// Path is the database file that was found corrupt.
	Path string
	// Backup is where the corrupt file now lives ("" if moving it failed).
	Backup string
	// Detail is what SQLite reported.
	Detail string
}

// Error describes the corrupt file and its backup.
func (e *CorruptError) Error() string {
	if e.Backup == "" {
		return fmt.Sprintf("%v: %s (%s); it could not be moved aside and was left in place", ErrCorrupt, e.Path, e.Detail)
	}
	return fmt.Sprintf("%v: %s (%s); the file was moved to %s", ErrCorrupt, e.Path, e.Detail, e.Backup)
}

// Unwrap returns ErrCorrupt.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}
