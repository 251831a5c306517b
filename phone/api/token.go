package api

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TokenFileName is the name of the file, in the user's config folder, that keeps the API
// token the phone made when none is configured.
const TokenFileName = "apitoken"

// LoadOrCreateToken returns the token kept in the file at path, making a random one (32
// bytes, hex) on first use. The file is readable by its owner only (0600): a file found
// with wider permissions is narrowed. Two phones starting at once agree on one token: the
// new file is linked into place only if none exists yet.
func LoadOrCreateToken(path string) (string, error) {
	if tok, err := readToken(path); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return tok, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("API token folder: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("API token: %w", err)
	}
	tok := hex.EncodeToString(raw)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".apitoken-*")
	if err != nil {
		return "", fmt.Errorf("API token file: %w", err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file 0600 already; Chmod makes that independent of it.
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return "", fmt.Errorf("API token file: %w", err)
	}
	_, err = tmp.WriteString(tok + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("API token file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readToken(path) // another start made it first
		}
		return "", fmt.Errorf("API token file %s: %w", path, err)
	}
	return tok, nil
}

// readToken reads the token file at path, narrowing its permissions to 0600.
func readToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(string(data))
	if tok == "" {
		return "", fmt.Errorf("API token file %s is empty (delete it to make a new token)", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return "", fmt.Errorf("API token file %s is readable by others and cannot be narrowed: %w", path, err)
		}
	}
	return tok, nil
}
