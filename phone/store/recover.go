package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"modernc.org/sqlite"
)

// SQLite primary result codes this package classifies.
const (
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteNotADB   = 26
)

// OpenOrRecover opens path like Open; if the file is corrupt it is moved
// aside (the backup is kept, never deleted) and a new empty database is
// created in its place. recovered names the backup ("" when nothing was
// wrong) so the caller can tell the user.
func OpenOrRecover(path string, opts ...Option) (s *Store, recovered string, err error) {
	s, err = Open(path, opts...)
	var ce *CorruptError
	if !errors.As(err, &ce) {
		return s, "", err
	}
	if ce.Backup == "" {
		return nil, "", err
	}
	s, err = Open(path, opts...)
	if err != nil {
		return nil, ce.Backup, fmt.Errorf("store: starting fresh after moving %s to %s: %w", ce.Path, ce.Backup, err)
	}
	return s, ce.Backup, nil
}

// sqliteCode returns SQLite's primary result code in err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

func isCorrupt(err error) bool {
	c := sqliteCode(err)
	return c == sqliteCorrupt || c == sqliteNotADB
}

func isReadOnly(err error) bool {
	return sqliteCode(err) == sqliteReadOnly || isPermission(err)
}

func isPermission(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EPERM)
}

// checkWritable creates the folder (0700) and makes sure both the folder and
// an existing file can be written: SQLite's WAL needs PATH-wal and PATH-shm
// next to the file, and recovery needs to rename it.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		if isPermission(err) {
			return fmt.Errorf("%w: cannot create folder %s: %v", ErrReadOnly, dir, err)
		}
		return fmt.Errorf("store: create folder %s: %w", dir, err)
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return invalidf("database path %s is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			if isPermission(err) {
				return fmt.Errorf("%w: cannot write %s: %v", ErrReadOnly, path, err)
			}
			return fmt.Errorf("store: open %s: %w", path, err)
		}
		f.Close()
	}
	probe, err := os.CreateTemp(dir, ".phone-db-probe-*")
	if err != nil {
		if isPermission(err) {
			return fmt.Errorf("%w: cannot write in folder %s: %v", ErrReadOnly, dir, err)
		}
		return fmt.Errorf("store: folder %s: %w", dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// backupCorrupt renames path (and its -wal/-shm companions) to
// PATH.corrupt-<time>, never overwriting an earlier backup.
func backupCorrupt(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.UTC().Format("20060102T150405Z")
	backup := base
	for i := 1; ; i++ {
		if _, err := os.Lstat(backup); errors.Is(err, fs.ErrNotExist) {
			break
		}
		backup = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, backup); err != nil {
		return "", fmt.Errorf("rename %s to %s: %w", path, backup, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, backup+suffix); err != nil {
				return backup, fmt.Errorf("rename %s: %w", path+suffix, err)
			}
		}
	}
	return backup, nil
}
