package presence

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// maxCount bounds a message count in a message-summary body.
const maxCount = 1 << 30

// Counts are the message counts of one message class (RFC 3842: new/old,
// and in parentheses urgent new/urgent old).
type Counts struct {
	New       int
	Old       int
	UrgentNew int
	UrgentOld int
}

// Summary is a message-summary body (RFC 3842), as sent in NOTIFY for
// message waiting indication.
type Summary struct {
	// Waiting is the Messages-Waiting status.
	Waiting bool
	// Account is the Message-Account URI (the mailbox), possibly empty.
	Account string
	// Voice holds the Voice-Message counts (zero when absent).
	Voice Counts
	// Other holds the counts of other message classes keyed by lower-case
	// class name, e.g. "fax-message"; nil when there are none.
	Other map[string]Counts
}

// ParseMessageSummary reads a message-summary body (application/simple-message-summary).
// Header names and yes/no match case-insensitively and white space around
// values is ignored; CRLF or LF line ends both work. Messages-Waiting is
// required. Lines after the first blank line (the optional per-message headers)
// are skipped, as are unknown headers. A line that is not "Name: value", a
// Messages-Waiting other than yes/no or counts that are not "new/old" with an
// optional "(urgent-new/urgent-old)" give ErrMalformed naming the line.
func ParseMessageSummary(body []byte) (Summary, error) {
	if err := checkBody(body); err != nil {
		return Summary{}, err
	}
	var s Summary
	seenWaiting := false
	for n, rest := 1, body; len(rest) > 0; n++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		text := strings.TrimSpace(string(line))
		if text == "" {
			if seenWaiting {
				break // optional message headers follow
			}
			continue
		}
		name, value, ok := strings.Cut(text, ":")
		name = strings.ToLower(strings.TrimSpace(name))
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return Summary{}, malformed("message-summary: line %d %q is not a header", n, clip(text))
		}
		value = strings.TrimSpace(value)
		switch name {
		case "messages-waiting":
			switch strings.ToLower(value) {
			case "yes":
				s.Waiting = true
			case "no":
				s.Waiting = false
			default:
				return Summary{}, malformed("message-summary: line %d: Messages-Waiting %q is neither yes nor no", n, clip(value))
			}
			seenWaiting = true
		case "message-account":
			s.Account = value
		default:
			if !isMessageClass(name) {
				continue // an extension header
			}
			c, err := parseCounts(value)
			if err != nil {
				return Summary{}, malformed("message-summary: line %d: %s %q: %v", n, name, clip(value), err)
			}
			if name == "voice-message" {
				s.Voice = c
				continue
			}
			if s.Other == nil {
				s.Other = make(map[string]Counts)
			}
			s.Other[name] = c
		}
	}
	if !seenWaiting {
		return Summary{}, malformed("message-summary: no Messages-Waiting line")
	}
	return s, nil
}

// isMessageClass reports whether a lower-case header name is a message
// context class (RFC 3458) or a similar "*-message" class.
func isMessageClass(name string) bool {
	return name == "none" || strings.HasSuffix(name, "-message")
}

// parseCounts reads "new/old" or "new/old (urgent-new/urgent-old)".
func parseCounts(v string) (Counts, error) {
	plain, urgent, hasUrgent := strings.Cut(v, "(")
	var c Counts
	var err error
	if c.New, c.Old, err = parsePair(plain); err != nil {
		return Counts{}, err
	}
	if hasUrgent {
		inner, ok := strings.CutSuffix(strings.TrimSpace(urgent), ")")
		if !ok {
			return Counts{}, fmt.Errorf("urgent counts lack a closing parenthesis")
		}
		if c.UrgentNew, c.UrgentOld, err = parsePair(inner); err != nil {
			return Counts{}, fmt.Errorf("urgent counts: %w", err)
		}
	}
	return c, nil
}

// parsePair reads "a/b" with optional white space.
func parsePair(v string) (int, int, error) {
	a, b, ok := strings.Cut(v, "/")
	if !ok {
		return 0, 0, fmt.Errorf("want new/old counts")
	}
	x, err := parseCount(a)
	if err != nil {
		return 0, 0, err
	}
	y, err := parseCount(b)
	if err != nil {
		return 0, 0, err
	}
	return x, y, nil
}

// parseCount reads one non-negative count.
func parseCount(v string) (int, error) {
	v = strings.TrimSpace(v)
	n, err := strconv.Atoi(v)
	if err != nil || n > maxCount || strings.TrimLeft(v, "0123456789") != "" {
		return 0, fmt.Errorf("count %q is not a number from 0 to %d", clip(v), maxCount)
	}
	return n, nil
}
