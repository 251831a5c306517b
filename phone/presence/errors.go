package presence

import (
	"errors"
	"fmt"
)

// MaxBodySize is the largest body the parsers accept (64 KiB). Callers answer
// a larger NOTIFY or PUBLISH with 413 Request Entity Too Large.
const MaxBodySize = 64 << 10

// Sentinel errors wrapped by the parsers; test for them with errors.Is.
var (
	// ErrTooLarge reports a body over MaxBodySize.
	ErrTooLarge = errors.New("presence: body too large")
	// ErrEmpty reports an empty (or all-whitespace) body, which a NOTIFY may
	// legitimately carry when the notifier has no state to report yet.
	ErrEmpty = errors.New("presence: empty body")
	// ErrMalformed reports a body that is not a well-formed document of the
	// expected type.
	ErrMalformed = errors.New("presence: malformed body")
	// ErrUnknownStatus reports a presence status name this package does not know.
	ErrUnknownStatus = errors.New("presence: unknown status")
	// ErrStaleVersion reports a dialog-info document whose version is not newer
	// than the one already applied (RFC 4235 section 4.1: discard it).
	ErrStaleVersion = errors.New("presence: stale dialog-info version")
	// ErrVersionGap reports a partial dialog-info document that skips versions:
	// a notification was lost and the subscriber should refresh its subscription
	// to get a full document.
	ErrVersionGap = errors.New("presence: dialog-info version gap")
	// ErrTooManyDialogs reports a dialog-info view that would hold more than
	// MaxDialogs dialogs.
	ErrTooManyDialogs = errors.New("presence: too many dialogs")
)

// checkBody refuses bodies over MaxBodySize and empty ones.
func checkBody(body []byte) error {
	if len(body) > MaxBodySize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), MaxBodySize)
	}
	for _, c := range body {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return nil
		}
	}
	return ErrEmpty
}

// malformed wraps ErrMalformed with a description of what was wrong.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}
