package ui

import (
	"fmt"
	"testing"

	"softphone/phone/control"
)

// suggestContacts and suggestCalls are what the ranking tests search.
func suggestContacts() []control.Contact {
	return []control.Contact{
		{ID: 1, Name: "Alice Martin", Numbers: []control.Number{{Label: "work", Value: "1001"}, {Label: "cell", Value: "+44 7700 900123"}}},
		{ID: 2, Name: "José Núñez", Numbers: []control.Number{{Label: "sip", Value: "sip:jose@pbx.example"}}},
	}
}

func suggestCalls() []control.Call { // newest first
	return []control.Call{
		{Peer: "1010", PeerName: ""},
		{Peer: "sip:1001@pbx.example", PeerName: "Alice Martin"},
		{Peer: "2000", PeerName: "Reception"},
		{Peer: "1010", PeerName: "Old"},
		{Peer: "7100", PeerName: ""},
	}
}

func TestRankSuggestions(t *testing.T) {
	tests := []struct {
		name     string
		query    string
		contacts []control.Contact
		calls    []control.Call
		limit    int
		want     string
	}{
		{"contact first, then history newest first, deduplicated", "10", suggestContacts()[:1], suggestCalls(), 5,
			"[{Alice Martin 1001 true} { 1010 false} { 7100 false}]"},
		{"a contact matched by name offers every number", "alice", suggestContacts()[:1], nil, 5,
			"[{Alice Martin 1001 true} {Alice Martin +44 7700 900123 true}]"},
		{"only the contact's matching number", "7700", suggestContacts()[:1], nil, 5,
			"[{Alice Martin +44 7700 900123 true}]"},
		{"separators ignored", "7700900", suggestContacts()[:1], nil, 5,
			"[{Alice Martin +44 7700 900123 true}]"},
		{"history by name, accents and case ignored", "RECEP", nil, suggestCalls(), 5,
			"[{Reception 2000 false}]"},
		{"accented contact by plain query", "jose", suggestContacts()[1:], nil, 5,
			"[{José Núñez sip:jose@pbx.example true}]"},
		{"history rows not matching are skipped", "71", nil, suggestCalls(), 5, "[{ 7100 false}]"},
		{"the typed number itself is not offered", "1010", nil, suggestCalls(), 5, "[]"},
		{"limit", "0", nil, suggestCalls(), 2, "[{ 1010 false} {Alice Martin sip:1001@pbx.example false}]"},
		{"sip: scheme ignored when deduplicating", "100", suggestContacts()[:1], suggestCalls(), 5,
			"[{Alice Martin 1001 true} { 7100 false}]"},
		{"URIs with one numeric user are one number, other users are not", "10", nil,
			[]control.Call{{Peer: "sip:1010@a.example"}, {Peer: "sip:1010@b.example"}, {Peer: "sip:al10@a.example"}}, 5,
			"[{ sip:1010@a.example false} { sip:al10@a.example false}]"},
		{"empty query", "  ", suggestContacts(), suggestCalls(), 5, "[]"},
		{"zero limit", "10", suggestContacts(), suggestCalls(), 0, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fmt.Sprint(rankSuggestions(tt.query, tt.contacts, tt.calls, tt.limit))
			if got != tt.want {
				t.Errorf("rankSuggestions(%q) = %s, want %s", tt.query, got, tt.want)
			}
		})
	}
}

func TestNumberKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1001", "1001"},
		{"sip:1001@PBX.example", "1001"},
		{"sip:Alice.B@PBX.example", "alice.b@pbx.example"},
		{"tel:+1 (555) 123-4567", "+15551234567"},
		{" SIPS:Bob@x ", "bob@x"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := numberKey(tt.in); got != tt.want {
			t.Errorf("numberKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSuggestQueue drives the coalescing queue through typing sequences: steps are r<text>
// (request; + when it asks for a lookup, - when not) and t<text> (take; the text looked up,
// or t! when cancelled).
func TestSuggestQueue(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
	}{
		{"one lookup for fast typing", []string{"r1+", "r10-", "r102-", "t102"}},
		{"typing while a lookup runs queues one more", []string{"r1+", "t1", "r10+", "r103-", "t103"}},
		{"clearing cancels the waiting lookup", []string{"r1+", "r-", "t!", "r2+", "t2"}},
		{"blank text asks for nothing", []string{"r -", "r-", "t!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q suggestQueue
			for i, step := range tt.steps {
				switch step[0] {
				case 'r':
					text, want := step[1:len(step)-1], step[len(step)-1] == '+'
					if got := q.request(text); got != want {
						t.Fatalf("step %d: request(%q) = %v, want %v", i, text, got, want)
					}
				case 't':
					text, _, ok := q.take()
					if want := step[1:]; (want == "!") == ok || (ok && text != want) {
						t.Fatalf("step %d: take = %q, %v; want %s", i, text, ok, want)
					}
				}
			}
		})
	}
}

func TestSuggestQueueFresh(t *testing.T) {
	var q suggestQueue
	q.request("10")
	text, seq, _ := q.take()
	tests := []struct {
		name  string
		entry string
		then  func()
		want  bool
	}{
		{"entry still holds the text", "10", nil, true},
		{"surrounding spaces do not matter", " 10 ", nil, true},
		{"entry changed", "105", nil, false},
		{"a newer request came", "10", func() { q.request("10") }, false},
	}
	for _, tt := range tests {
		if tt.then != nil {
			tt.then()
		}
		if got := q.fresh(seq, text, tt.entry); got != tt.want {
			t.Errorf("%s: fresh = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func BenchmarkRankSuggestions(b *testing.B) {
	var calls []control.Call
	for i := range suggestHistoryLimit {
		calls = append(calls, control.Call{Peer: fmt.Sprintf("sip:%d@pbx.example", 1000+i), PeerName: "Caller Name"})
	}
	contacts := suggestContacts()
	b.ReportAllocs()
	for b.Loop() {
		rankSuggestions("10", contacts, calls, maxSuggestions)
	}
}
