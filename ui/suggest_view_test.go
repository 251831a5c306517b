package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

// newSuggestHarness is a window whose fake holds one contact and some call history.
func newSuggestHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, configured)
	h.fake.addContacts(control.Contact{ID: 1, Name: "Alice", Numbers: []control.Number{{Label: "work", Value: "1001"}}},
		control.Contact{ID: 2, Name: "Bob", Numbers: []control.Number{{Label: "work", Value: "2002"}}})
	h.fake.fakeSocial.mu.Lock()
	h.fake.fakeSocial.calls = []control.Call{
		{Peer: "1010", Direction: control.DirectionOutgoing},
		{Peer: "1001", PeerName: "Alice", Direction: control.DirectionIncoming},
		{Peer: "3000", Direction: control.DirectionIncoming},
	}
	h.fake.fakeSocial.queries = nil
	h.fake.fakeSocial.mu.Unlock()
	return h
}

// suggestionTexts returns the buttons' texts, or nil while the list is hidden.
func suggestionTexts(s *suggestView) []string {
	if !s.content.Visible() {
		return nil
	}
	var out []string
	for _, b := range s.buttons {
		out = append(out, b.Text)
	}
	return out
}

// historyQueries returns the peers the fake's history was searched for.
func historyQueries(h *harness) []string {
	h.fake.fakeSocial.mu.Lock()
	defer h.fake.fakeSocial.mu.Unlock()
	var out []string
	for _, q := range h.fake.fakeSocial.queries {
		out = append(out, q.Peer)
	}
	return out
}

func assertTexts(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s = %q, want %q", what, got, want)
		}
	}
}

func TestSuggestionsWhileTyping(t *testing.T) {
	h := newSuggestHarness(t)
	p := h.w.phone
	test.Type(p.entry, "10")
	h.settle()
	assertTexts(t, "suggestions", suggestionTexts(p.suggest), "Alice  1001", "1010")
	assertTexts(t, "history lookups", historyQueries(h), "10") // "1" was superseded before it ran

	test.Tap(p.suggest.buttons[1])
	h.settle()
	if p.entry.Text != "1010" {
		t.Fatalf("entry = %q after tapping 1010", p.entry.Text)
	}
	if got := suggestionTexts(p.suggest); got != nil {
		t.Fatalf("suggestions %q still shown after a pick", got)
	}
	assertCommands(t, h.fake) // tapping does not dial

	p.entry.SetText("")
	test.Type(p.entry, "10")
	h.settle()
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	assertCommands(t, h.fake, "Call 10") // Enter dials what was typed

	p.entry.SetText("")
	h.settle()
	if got := suggestionTexts(p.suggest); got != nil {
		t.Fatalf("suggestions %q shown for an empty entry", got)
	}
}

func TestStaleSuggestionsDropped(t *testing.T) {
	h := newSuggestHarness(t)
	p := h.w.phone
	test.Type(p.entry, "10")
	h.work.drain() // the lookup for "10" runs; its result waits for the UI thread
	p.entry.SetText("20")
	h.queue.drain() // the "10" result arrives for text no longer in the entry
	if got := suggestionTexts(p.suggest); got != nil {
		t.Fatalf("stale suggestions %q shown for %q", got, p.entry.Text)
	}
	h.settle()
	assertTexts(t, "suggestions", suggestionTexts(p.suggest), "Bob  2002")
}

func TestNoSuggestionsDuringCall(t *testing.T) {
	h := newSuggestHarness(t)
	p := h.w.phone
	test.Type(p.entry, "10")
	h.settle()
	if suggestionTexts(p.suggest) == nil {
		t.Fatal("no suggestions before the call")
	}
	h.push(lineEvent(control.Line{Line: 1, State: control.StateRinging, Direction: control.DirectionIncoming, Peer: "5555", CallID: "c1"}))
	if got := suggestionTexts(p.suggest); got != nil {
		t.Fatalf("suggestions %q shown during an incoming call", got)
	}
	p.entry.Append("0")
	h.settle()
	if got := suggestionTexts(p.suggest); got != nil {
		t.Fatalf("suggestions %q shown after typing during a call", got)
	}
}

func TestNoSuggestionsWithoutSocial(t *testing.T) {
	a := test.NewTempApp(t)
	q := &uiQueue{}
	fake := newFakeController(configured)
	fake.addContacts(control.Contact{ID: 1, Name: "Alice", Numbers: []control.Number{{Value: "1001"}}})
	vm := NewViewModel(struct{ Controller }{fake}, WithDispatcher(q.add), WithWorker(q.add))
	w := newWindow(a, vm, Options{})
	t.Cleanup(w.Close)
	test.Type(w.phone.entry, "10")
	q.drain()
	if got := suggestionTexts(w.phone.suggest); got != nil {
		t.Fatalf("suggestions %q without a control.Social", got)
	}
}

// TestSuggestionsByKeyboard: Down from the entry focuses the first suggestion, Down and Up
// move through the list, Up past the first and Escape return to the entry, and Enter on a
// suggestion puts its number in the entry without dialling.
func TestSuggestionsByKeyboard(t *testing.T) {
	h := newSuggestHarness(t)
	p := h.w.phone
	c := h.w.win.Canvas()
	c.Focus(p.entry)
	test.Type(p.entry, "10")
	h.settle()
	key := func(name fyne.KeyName) {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: name})
		h.settle()
	}
	key(fyne.KeyDown)
	if c.Focused() != p.suggest.buttons[0] {
		t.Fatalf("Down from the entry focused %T, want the first suggestion", c.Focused())
	}
	key(fyne.KeyDown)
	if c.Focused() != p.suggest.buttons[1] {
		t.Fatalf("Down focused %T, want the second suggestion", c.Focused())
	}
	key(fyne.KeyDown) // past the last: stays
	key(fyne.KeyUp)
	key(fyne.KeyUp)
	if c.Focused() != p.entry {
		t.Fatalf("Up past the first focused %T, want the entry", c.Focused())
	}
	key(fyne.KeyDown)
	key(fyne.KeyEscape)
	if c.Focused() != p.entry {
		t.Fatalf("Escape focused %T, want the entry", c.Focused())
	}
	key(fyne.KeyDown)
	key(fyne.KeyDown)
	key(fyne.KeyReturn)
	if p.entry.Text != "1010" || c.Focused() != p.entry {
		t.Fatalf("after Enter on 1010: entry %q, focus %T", p.entry.Text, c.Focused())
	}
	assertCommands(t, h.fake) // picking does not dial
}
