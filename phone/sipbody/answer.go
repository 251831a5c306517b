package sipbody

import (
	"strconv"
	"strings"
	"time"
)

// maxAnswerDelay bounds an auto-answer delay accepted from a request.
const maxAnswerDelay = time.Hour

// AnswerAfter reports whether an incoming INVITE asks to be answered
// automatically, and after what delay, from its Call-Info and Alert-Info
// header values (each may hold several comma-separated entries). It
// understands the forms common PBXs send:
//
//	Call-Info: <sip:pbx>;answer-after=0           (RFC-draft style, delay in seconds)
//	Call-Info: ;answer-after=3
//	Alert-Info: <http://x>;info=alert-autoanswer;delay=2
//	Alert-Info: <http://x>;info=intercom
//	Alert-Info: info=alert-autoanswer
//	Alert-Info: Intercom | Auto Answer | Ring Answer
//
// The first hint found wins, Call-Info before Alert-Info. A hint whose delay
// is not a whole number of seconds up to an hour is ignored.
func AnswerAfter(callInfo, alertInfo []string) (auto bool, delay time.Duration) {
	for _, headers := range [][]string{callInfo, alertInfo} {
		for _, h := range headers {
			for _, entry := range splitEntries(h) {
				if auto, delay = answerHint(entry); auto {
					return true, delay
				}
			}
		}
	}
	return false, 0
}

// answerHint inspects one header entry.
func answerHint(entry string) (bool, time.Duration) {
	bare, params := entry, ""
	if open := strings.IndexByte(entry, '<'); open >= 0 {
		if end := strings.IndexByte(entry[open:], '>'); end >= 0 {
			bare, params = "", entry[open+end+1:]
		}
	} else { // no URI: a bare word first, and every segment may be a parameter
		bare, _, _ = strings.Cut(entry, ";")
		params = entry
	}
	auto := isAutoToken(bare)
	delay, haveDelay := "", false
	for p := range strings.SplitSeq(params, ";") {
		name, val, _ := strings.Cut(p, "=")
		val = strings.Trim(strings.TrimSpace(val), `"`)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "answer-after":
			auto, delay, haveDelay = true, val, true
		case "info":
			auto = auto || isAutoToken(val)
		case "delay":
			if !haveDelay {
				delay = val
			}
		}
	}
	if !auto {
		return false, 0
	}
	if delay == "" {
		return true, 0
	}
	s, err := strconv.Atoi(delay)
	if err != nil || s < 0 || time.Duration(s) > maxAnswerDelay/time.Second {
		return false, 0
	}
	return true, time.Duration(s) * time.Second
}

// isAutoToken recognises the auto-answer and intercom words, ignoring case
// and the separators PBXs put between them.
func isAutoToken(s string) bool {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), `"`))
	s = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)
	switch s {
	case "intercom", "alertintercom", "autoanswer", "alertautoanswer", "ringanswer":
		return true
	}
	return false
}

// splitEntries splits a header value on commas outside angle brackets and
// quotes.
func splitEntries(h string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := range len(h) {
		switch c := h[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '<':
			depth++
		case c == '>' && depth > 0:
			depth--
		case c == ',' && depth == 0:
			out = append(out, h[start:i])
			start = i + 1
		}
	}
	return append(out, h[start:])
}
