package sipbody

import (
	"fmt"
	"strconv"
	"strings"
)

// ReasonPhrase returns the standard reason phrase for a SIP status code, or
// "" when this package does not know it.
func ReasonPhrase(code int) string {
	switch code {
	case 100:
		return "Trying"
	case 180:
		return "Ringing"
	case 181:
		return "Call Is Being Forwarded"
	case 182:
		return "Queued"
	case 183:
		return "Session Progress"
	case 200:
		return "OK"
	case 202:
		return "Accepted"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 408:
		return "Request Timeout"
	case 480:
		return "Temporarily Unavailable"
	case 481:
		return "Call/Transaction Does Not Exist"
	case 486:
		return "Busy Here"
	case 487:
		return "Request Terminated"
	case 488:
		return "Not Acceptable Here"
	case 500:
		return "Server Internal Error"
	case 503:
		return "Service Unavailable"
	case 603:
		return "Decline"
	}
	return ""
}

// ParseSipfrag reads the status line of a message/sipfrag body (RFC 3420), as
// carried by REFER NOTIFYs: "SIP/2.0 180 Ringing". Leading blank lines and any
// headers after the status line are ignored; the reason may be empty.
func ParseSipfrag(body []byte) (code int, reason string, err error) {
	text := strings.TrimLeft(string(body), " \t\r\n")
	line := text
	if i := strings.IndexAny(text, "\r\n"); i >= 0 {
		line = text[:i]
	}
	line = strings.TrimRight(line, " \t")
	if line == "" {
		return 0, "", fmt.Errorf("%w: empty body", ErrBadSipfrag)
	}
	version, rest, _ := strings.Cut(line, " ")
	if !strings.EqualFold(version, "SIP/2.0") {
		return 0, "", fmt.Errorf("%w: %q is not a SIP/2.0 status line", ErrBadSipfrag, truncate(line))
	}
	rest = strings.TrimLeft(rest, " ")
	num, reason, _ := strings.Cut(rest, " ")
	code, cerr := strconv.Atoi(num)
	if cerr != nil || len(num) != 3 || code < 100 || code > 699 {
		return 0, "", fmt.Errorf("%w: status code %q is not 100-699", ErrBadSipfrag, truncate(num))
	}
	return code, strings.TrimSpace(reason), nil
}

// FormatSipfrag returns a message/sipfrag body holding one status line,
// "SIP/2.0 200 OK\r\n". An empty reason takes the standard phrase; a code
// outside 100-699 is written as 500, so the body is always valid.
func FormatSipfrag(code int, reason string) []byte {
	if code < 100 || code > 699 {
		code, reason = 500, ""
	}
	// one line, whatever the caller passed; other bytes are kept as they are
	reason = strings.ReplaceAll(strings.ReplaceAll(reason, "\r", " "), "\n", " ")
	if reason == "" {
		reason = ReasonPhrase(code)
	}
	return fmt.Appendf(nil, "SIP/2.0 %d %s\r\n", code, reason)
}
