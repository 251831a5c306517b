package ui

import (
	"strings"
	"sync"
	"unicode"

	"softphone/phone/control"
	"softphone/phone/store"
)

// maxSuggestions is how many suggestions show under the number entry at most.
const maxSuggestions = 5

// suggestHistoryLimit is how many matching history rows one lookup reads; enough to fill the
// list after duplicates are dropped.
const suggestHistoryLimit = 50

// suggestion is one entry of the list under the number field: a number to put in the entry
// and the name it belongs to ("" when the history has none).
type suggestion struct {
	name    string
	number  string
	contact bool // from the contacts, else from the call history
}

// rankSuggestions merges what one lookup of query found into at most limit suggestions:
// contacts first, in the order given, then history numbers newest first (calls must be newest
// first), each number once. Of a contact, the numbers matching query are offered, or all of
// them when only its name matched. History rows that match neither by number nor by name are
// skipped, as are numbers equal to query itself, which would add nothing.
func rankSuggestions(query string, contacts []control.Contact, calls []control.Call, limit int) []suggestion {
	q := store.Fold(strings.TrimSpace(query))
	if q == "" || limit <= 0 {
		return nil
	}
	var out []suggestion
	seen := map[string]bool{numberKey(query): true}
	add := func(s suggestion) bool {
		key := numberKey(s.number)
		if key == "" || seen[key] {
			return len(out) < limit
		}
		seen[key] = true
		out = append(out, s)
		return len(out) < limit
	}
	for _, c := range contacts {
		nums := matchingNumbers(q, c.Numbers)
		if len(nums) == 0 {
			nums = c.Numbers
		}
		for _, n := range nums {
			if !add(suggestion{name: c.Name, number: n.Value, contact: true}) {
				return out
			}
		}
	}
	for _, c := range calls {
		if !numberMatches(q, c.Peer) && !strings.Contains(store.Fold(c.PeerName), q) {
			continue
		}
		if !add(suggestion{name: c.PeerName, number: c.Peer}) {
			return out
		}
	}
	return out
}

// matchingNumbers returns the numbers whose value contains folded query q.
func matchingNumbers(q string, nums []control.Number) []control.Number {
	var out []control.Number
	for _, n := range nums {
		if numberMatches(q, n.Value) {
			out = append(out, n)
		}
	}
	return out
}

// numberMatches reports whether number contains folded query q, as typed or with the
// separators of both left out ("555 12" matches "+1-555-1234").
func numberMatches(q, number string) bool {
	if strings.Contains(store.Fold(number), q) {
		return true
	}
	bare := stripSeparators(q)
	return bare != "" && strings.Contains(stripSeparators(store.Fold(number)), bare)
}

// numberKey is what two numbers must share to count as the same: folded, without a sip:,
// sips: or tel: scheme and without separators; a URI whose user part is a phone number
// counts as that number ("sip:1001@pbx" is "1001").
func numberKey(number string) string {
	n := store.Fold(strings.TrimSpace(number))
	for _, scheme := range []string{"sip:", "sips:", "tel:"} {
		if rest, ok := strings.CutPrefix(n, scheme); ok {
			n = rest
			break
		}
	}
	n = stripSeparators(n)
	if user, _, ok := strings.Cut(n, "@"); ok && user != "" && strings.Trim(user, "0123456789+*#") == "" {
		return user
	}
	return n
}

// stripSeparators drops the characters people put between digits: spaces, dashes and
// brackets.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune(control.NumberSeparators, r) {
			return -1
		}
		return r
	}, s)
}

// suggestQueue coalesces lookups: while one waits on the worker, newer text only replaces
// what it will look up, so fast typing queues at most one lookup behind the one running.
// Every request gets a sequence number; a result whose number is no longer the latest is
// stale. Safe for concurrent use.
type suggestQueue struct {
	mu     sync.Mutex
	seq    uint64
	want   string
	queued bool
}

// request makes text the latest query ("" cancels without a lookup) and reports whether the
// caller must queue a lookup: none is waiting and there is something to look up.
func (q *suggestQueue) request(text string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seq++
	q.want = strings.TrimSpace(text)
	if q.want == "" || q.queued {
		return false
	}
	q.queued = true
	return true
}

// take returns the latest query and its sequence number for the lookup about to run; ok is
// false when it was cancelled meanwhile.
func (q *suggestQueue) take() (text string, seq uint64, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queued = false
	return q.want, q.seq, q.want != ""
}

// fresh reports whether the result of lookup seq for text may be shown: no newer request
// came and text is still what the entry holds.
func (q *suggestQueue) fresh(seq uint64, text, entry string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return seq == q.seq && text == strings.TrimSpace(entry)
}
