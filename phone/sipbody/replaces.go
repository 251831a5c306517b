package sipbody

import (
	"fmt"
	"strings"
)

// Replaces is the Replaces header of RFC 3891: the dialog an INVITE replaces.
type Replaces struct {
	CallID    string
	ToTag     string
	FromTag   string
	EarlyOnly bool
}

// ParseReplaces reads a Replaces header value,
// "callid;to-tag=7743;from-tag=6472[;early-only]". Parameter names are case
// insensitive, whitespace around separators is allowed and unknown parameters
// are ignored. The Call-ID and both tags are required.
func ParseReplaces(value string) (Replaces, error) {
	var r Replaces
	parts := strings.Split(value, ";")
	r.CallID = strings.TrimSpace(parts[0])
	if r.CallID == "" {
		return Replaces{}, fmt.Errorf("%w: no Call-ID in %q", ErrBadReplaces, truncate(value))
	}
	if strings.ContainsAny(r.CallID, " \t\r\n,<>\"") {
		return Replaces{}, fmt.Errorf("%w: Call-ID %q holds a space or separator", ErrBadReplaces, truncate(r.CallID))
	}
	var haveTo, haveFrom bool
	for _, p := range parts[1:] {
		name, val, _ := strings.Cut(p, "=")
		val = strings.Trim(strings.TrimSpace(val), `"`)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "to-tag":
			r.ToTag, haveTo = val, val != ""
		case "from-tag":
			r.FromTag, haveFrom = val, val != ""
		case "early-only":
			r.EarlyOnly = true
		}
	}
	if !haveTo || !haveFrom {
		return Replaces{}, fmt.Errorf("%w: %q needs both to-tag and from-tag", ErrBadReplaces, truncate(value))
	}
	return r, nil
}

// String returns the header value: "callid;to-tag=a;from-tag=b" with
// ";early-only" when set.
func (r Replaces) String() string {
	s := r.CallID + ";to-tag=" + r.ToTag + ";from-tag=" + r.FromTag
	if r.EarlyOnly {
		s += ";early-only"
	}
	return s
}

// URIHeader returns the value as a URI header for a Refer-To URI:
// "Replaces=" followed by the percent-escaped value.
func (r Replaces) URIHeader() string {
	return "Replaces=" + escapeHeader(r.String())
}

// escapeHeader percent-escapes everything but RFC 3261 unreserved characters.
func escapeHeader(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := range len(s) {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isUnreserved reports RFC 3261 unreserved: alphanum and - _ . ! ~ * ' ( ).
func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("-_.!~*'()", c) >= 0
}

// unescape decodes %XX escapes; a malformed escape is an error.
func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", fmt.Errorf("bad escape at %q", truncate(s[i:]))
		}
		b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
