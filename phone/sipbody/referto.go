package sipbody

import (
	"fmt"
	"strings"
)

// ParseReferTo reads a Refer-To header value (RFC 3515): a URI in angle
// brackets, optionally after a display name and followed by header
// parameters, or a bare URI (whose ";" starts header parameters, RFC 3261
// 20). It returns the target URI without its embedded headers and, when one
// of them is Replaces (attended transfer), that Replaces decoded. Other
// embedded headers are dropped.
func ParseReferTo(value string) (target string, replaces *Replaces, err error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", nil, fmt.Errorf("%w: empty value", ErrBadReferTo)
	}
	uri := v
	if open := strings.IndexByte(v, '<'); open >= 0 {
		end := strings.IndexByte(v[open:], '>')
		if end < 0 {
			return "", nil, fmt.Errorf("%w: %q has no closing '>'", ErrBadReferTo, truncate(v))
		}
		uri = v[open+1 : open+end]
	} else if i := strings.IndexAny(v, ";,"); i >= 0 {
		uri = v[:i]
	}
	uri = strings.TrimSpace(uri)
	target, headers, _ := strings.Cut(uri, "?")
	if err := checkURI(target); err != nil {
		return "", nil, err
	}
	for h := range strings.SplitSeq(headers, "&") {
		name, val, _ := strings.Cut(h, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "Replaces") {
			continue
		}
		dec, err := unescape(val)
		if err != nil {
			return "", nil, fmt.Errorf("%w: Replaces header: %w", ErrBadReferTo, err)
		}
		r, err := ParseReplaces(dec)
		if err != nil {
			return "", nil, fmt.Errorf("%w: %w", ErrBadReferTo, err)
		}
		replaces = &r
	}
	return target, replaces, nil
}

// checkURI wants "scheme:rest" with a letter-led scheme and no spaces or
// angle brackets.
func checkURI(uri string) error {
	scheme, rest, ok := strings.Cut(uri, ":")
	if !ok || rest == "" || scheme == "" {
		return fmt.Errorf("%w: %q is not a URI (want e.g. sip:user@host)", ErrBadReferTo, truncate(uri))
	}
	for i := range len(scheme) {
		c := scheme[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return fmt.Errorf("%w: %q has a bad URI scheme", ErrBadReferTo, truncate(uri))
		}
	}
	for i := range len(uri) {
		if c := uri[i]; c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' {
			return fmt.Errorf("%w: %q holds a space, control character, quote or angle bracket", ErrBadReferTo, truncate(uri))
		}
	}
	return nil
}

// FormatReferTo returns a Refer-To value for target, in angle brackets, with
// r embedded as a Replaces URI header when not nil (attended transfer).
func FormatReferTo(target string, r *Replaces) string {
	if r == nil {
		return "<" + target + ">"
	}
	sep := "?"
	if strings.Contains(target, "?") {
		sep = "&"
	}
	return "<" + target + sep + r.URIHeader() + ">"
}
