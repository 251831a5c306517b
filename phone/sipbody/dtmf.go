package sipbody

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dtmfDigits are the DTMF digits in RFC 4733 event-code order (0-15).
const dtmfDigits = "0123456789*#ABCD"

// maxDTMFDuration bounds a Duration accepted from a body.
const maxDTMFDuration = time.Hour

// NormalizeDigit returns the canonical form of a DTMF digit (a-d become
// A-D) and whether r is one of 0-9 * # A-D.
func NormalizeDigit(r rune) (rune, bool) {
	if r >= 'a' && r <= 'd' {
		r -= 'a' - 'A'
	}
	return r, r < 0x80 && strings.IndexByte(dtmfDigits, byte(r)) >= 0
}

// CheckDigits validates a digit string for sending: 0-9 * # A-D (a-d too),
// and spaces for pauses. The error names the first bad character and where.
func CheckDigits(digits string) error {
	if strings.TrimSpace(digits) == "" {
		return fmt.Errorf("%w: no digits to send", ErrBadDTMF)
	}
	for i, r := range digits {
		if r == ' ' {
			continue
		}
		if _, ok := NormalizeDigit(r); !ok {
			return fmt.Errorf("%w: %q at position %d is not a DTMF digit (0-9 * # A-D, space = pause)", ErrBadDTMF, r, i+1)
		}
	}
	return nil
}

// FormatDTMFRelay returns an application/dtmf-relay body for digit lasting
// dur (whole milliseconds, negative as 0): "Signal=5\r\nDuration=160\r\n".
// It returns nil when digit is not a DTMF digit; CheckDigits first.
func FormatDTMFRelay(digit rune, dur time.Duration) []byte {
	d, ok := NormalizeDigit(digit)
	if !ok {
		return nil
	}
	ms := max(dur.Milliseconds(), 0)
	b := make([]byte, 0, 32)
	b = append(b, "Signal="...)
	b = append(b, byte(d))
	b = append(b, "\r\nDuration="...)
	b = strconv.AppendInt(b, ms, 10)
	return append(b, "\r\n"...)
}

// ParseDTMFRelay reads an application/dtmf-relay body ("Signal=5",
// "Duration=160" lines in any order, keys in any case, other keys ignored)
// or an application/dtmf body (just the digit). Signal may also be an RFC 4733
// event code 0-15 ("10" is *, "11" is #). A missing Duration gives 0.
func ParseDTMFRelay(body []byte) (digit rune, dur time.Duration, err error) {
	text := strings.TrimSpace(string(body))
	if text == "" {
		return 0, 0, fmt.Errorf("%w: empty body", ErrBadDTMF)
	}
	if !strings.Contains(text, "=") { // application/dtmf: the digit alone
		digit, err = parseSignal(text)
		return digit, 0, err
	}
	haveSignal := false
	for line := range strings.Lines(text) {
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return 0, 0, fmt.Errorf("%w: line %q is not key=value", ErrBadDTMF, strings.TrimSpace(line))
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "signal":
			if digit, err = parseSignal(value); err != nil {
				return 0, 0, err
			}
			haveSignal = true
		case "duration":
			ms, perr := strconv.ParseInt(value, 10, 64)
			if perr != nil || ms < 0 || time.Duration(ms) > maxDTMFDuration/time.Millisecond {
				return 0, 0, fmt.Errorf("%w: Duration %q is not a number of milliseconds up to an hour", ErrBadDTMF, value)
			}
			dur = time.Duration(ms) * time.Millisecond
		}
	}
	if !haveSignal {
		return 0, 0, fmt.Errorf("%w: no Signal line", ErrBadDTMF)
	}
	return digit, dur, nil
}

// parseSignal reads one digit, or an RFC 4733 event code 0-15.
func parseSignal(s string) (rune, error) {
	if n, err := strconv.Atoi(s); err == nil && len(s) == 2 {
		if n >= 0 && n < len(dtmfDigits) {
			return rune(dtmfDigits[n]), nil
		}
		return 0, fmt.Errorf("%w: event code %q is not a DTMF digit (0-15)", ErrBadDTMF, s)
	}
	if len(s) > 4 {
		return 0, fmt.Errorf("%w: signal %q is not one DTMF digit", ErrBadDTMF, truncate(s))
	}
	r := []rune(s)
	if len(s) > 4 || len(r) != 1 {
		return 0, fmt.Errorf("%w: signal %q is not one DTMF digit", ErrBadDTMF, truncate(s))
	}
	d, ok := NormalizeDigit(r[0])
	if !ok {
		return 0, fmt.Errorf("%w: %q is not a DTMF digit (0-9 * # A-D)", ErrBadDTMF, r[0])
	}
	return d, nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
