package skins

import (
	"errors"
	"fmt"
)

// ErrUnknownSkin is returned for a skin name that is neither bundled nor a folder.
var ErrUnknownSkin = errors.New("unknown skin")

// ErrInvalidSkin is matched (errors.Is) by every error about a skin's contents.
var ErrInvalidSkin = errors.New("invalid skin")

// ErrSyntax means skin.toml is not valid TOML or a value has the wrong type.
var ErrSyntax = errors.New("broken TOML")

// ErrUnknownKey means skin.toml holds a key no skin understands (often a typo).
var ErrUnknownKey = errors.New("unknown key")

// ErrBadColor means a colour is not #RRGGBB.
var ErrBadColor = errors.New("bad colour")

// ErrBadValue means a value is outside what its key allows.
var ErrBadValue = errors.New("bad value")

// ErrMissingAsset means a file the skin names (the logo) is missing or unreadable.
var ErrMissingAsset = errors.New("missing asset")

// Error says which skin file and which key in it were wrong. It matches ErrInvalidSkin and
// the sentinel in Err.
type Error struct {
	// File is the skin file's path, e.g. "default/skin.toml" or "/opt/brand/skin.toml".
	File string
	// Key is the dotted TOML key that was wrong ("colors.primary"); empty when unknown.
	Key string
	// Err is what was wrong; it wraps one of the sentinels above.
	Err error
}

// Error reads "file: key: what was wrong".
func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.File, e.Key, e.Err)
}

// Unwrap returns ErrInvalidSkin and the specific error.
func (e *Error) Unwrap() []error { return []error{ErrInvalidSkin, e.Err} }

// fileErr builds an *Error for file and key from a sentinel and a detail.
func fileErr(file, key string, sentinel error, format string, args ...any) *Error {
	return &Error{File: file, Key: key, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}
