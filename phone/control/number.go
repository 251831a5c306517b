package control

import (
	"fmt"
	"strings"
)

// NumberSymbols are the characters a dialled number or user name may hold besides ASCII
// letters and digits.
const NumberSymbols = "+*#._-"

// NumberSeparators may sit between the digits of a phone number; dialling drops them.
const NumberSeparators = " ()-\t"

// BadCharError is CheckNumber's error: Number holds Char, which no call can use. It wraps
// ErrInvalidNumber.
type BadCharError struct {
	Number string // what was dialled
	Char   rune   // the first character at fault
}

// Error names the number and the character.
func (e *BadCharError) Error() string {
	return fmt.Sprintf("%v: %q contains %q; use digits, letters, + * # or a sip: URI", ErrInvalidNumber, e.Number, e.Char)
}

// Unwrap returns ErrInvalidNumber.
func (e *BadCharError) Unwrap() error { return ErrInvalidNumber }

// IsURI reports whether number (surrounding space ignored) is dialled as a SIP URI: it
// starts with sip: or sips: (any case) or holds an @.
func IsURI(number string) bool {
	s := strings.TrimSpace(number)
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "sip:") || strings.HasPrefix(lower, "sips:") || strings.Contains(s, "@")
}

// CheckNumber is the one dial check: it returns what to dial for number, or a
// *BadCharError naming the first character no call can use.
//
//   - A SIP URI (see IsURI) may hold any printable ASCII character but space, < > and "
//     (RFC 3261 needs the others escaped); it is returned trimmed, unchanged otherwise.
//     Whether its scheme can be used (sips: needs TLS) is the controller's decision.
//   - Otherwise a tel: prefix is dropped. A phone number (digits, + * # and the
//     NumberSeparators) is returned without its separators; anything else is a user name
//     of ASCII letters, digits and NumberSymbols, returned as it is.
//
// An empty number has no bad character: it returns "" and nil, and callers refuse it.
func CheckNumber(number string) (string, error) {
	s := strings.TrimSpace(number)
	if IsURI(s) {
		for _, r := range s {
			if r <= ' ' || r > '~' || strings.ContainsRune(`<>"`, r) {
				return "", &BadCharError{Number: number, Char: r}
			}
		}
		return s, nil
	}
	if strings.HasPrefix(strings.ToLower(s), "tel:") {
		s = s[len("tel:"):]
	}
	if strings.Trim(s, "0123456789+*#"+NumberSeparators) == "" {
		return strings.Map(func(r rune) rune {
			if strings.ContainsRune(NumberSeparators, r) {
				return -1
			}
			return r
		}, s), nil
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(NumberSymbols, r)) {
			return "", &BadCharError{Number: number, Char: r}
		}
	}
	return s, nil
}
