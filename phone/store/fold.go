package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form searches compare: Unicode lower case with
// diacritics removed, so "ZOË", "zoe" and "Zoë" all fold to "zoe" and
// "ЯРОСЛАВ" to "ярослав". The window's number suggestions match the same way.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// normalizeNumber returns the forms a phone number or SIP URI is matched by:
// full is the address without scheme, parameters, port or display brackets
// ("alice@example.com", "+15551234"); user is the part before '@' (equal to
// full when there is no host). Dialable numbers lose their separators.
func normalizeNumber(v string) (full, user string) {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	for _, scheme := range []string{"sips:", "sip:", "tel:"} {
		if strings.HasPrefix(v, scheme) {
			v = v[len(scheme):]
			break
		}
	}
	if i := strings.IndexAny(v, ";?"); i >= 0 {
		v = v[:i]
	}
	user, host, hasHost := strings.Cut(v, "@")
	user = dialable(user)
	if !hasHost {
		return user, user
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return user + "@" + host, user
}

// dialable strips visual separators from something that looks like a phone
// number ("+1 (555) 123-4567" -> "+15551234567"); other strings are returned
// unchanged.
func dialable(s string) string {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+-.() *#", r):
		default:
			return s
		}
	}
	if digits == 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("-.() ", r) {
			return -1
		}
		return r
	}, s)
}
