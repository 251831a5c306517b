package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

var (
	alice = control.Contact{ID: 1, Name: "Alice", Numbers: []control.Number{{Label: "work", Value: "1001"}, {Label: "cell", Value: "555"}}}
	bob   = control.Contact{ID: 2, Name: "Bob", Numbers: []control.Number{{Value: "1002"}}}
	carol = control.Contact{ID: 3, Name: "Carol", Numbers: []control.Number{{Value: "sip:carol@example.com"}}}
)

// withContacts is a harness whose fake holds cs, with the Contacts tab shown and loaded.
func withContacts(t *testing.T, cs ...control.Contact) (*harness, *contactsTab) {
	t.Helper()
	h := newHarness(t, configured)
	h.fake.addContacts(cs...)
	ct := h.w.social.contacts
	h.w.social.show(0)
	ct.load()
	h.settle()
	return h, ct
}

// names lists the names of the contacts the tab shows.
func names(ct *contactsTab) string {
	var out []string
	for _, c := range ct.contacts {
		out = append(out, c.Name)
	}
	return fmt.Sprint(out)
}

func TestDialFromContacts(t *testing.T) {
	tests := []struct {
		name   string
		number int
		want   string
	}{
		{"first number", 0, "Call 1001"},
		{"second number", 1, "Call 555"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ct := withContacts(t, alice, bob)
			ct.list.Select(0)
			if len(ct.detail.calls) != 2 {
				t.Fatalf("detail shows %d numbers, want 2", len(ct.detail.calls))
			}
			test.Tap(ct.detail.calls[tt.number])
			h.settle()
			assertCommands(t, h.fake, tt.want)
		})
	}
}

func TestContactsSearchAsYouType(t *testing.T) {
	tests := []struct {
		typed, want, empty string
	}{
		{"", "[Alice Bob Carol]", ""},
		{"b", "[Bob]", ""},
		{"car", "[Carol]", ""},
		{"100", "[Alice Bob]", ""},
		{"zz", "[]", `No contacts match "zz".`},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			h, ct := withContacts(t, alice, bob, carol)
			test.Type(ct.search, tt.typed)
			h.settle()
			if got := names(ct); got != tt.want {
				t.Fatalf("typing %q shows %s, want %s", tt.typed, got, tt.want)
			}
			if got := visibleText(ct.empty); got != tt.empty {
				t.Fatalf("empty state = %q, want %q", got, tt.empty)
			}
		})
	}
}

func TestContactsEmptyState(t *testing.T) {
	_, ct := withContacts(t)
	if got := visibleText(ct.empty); got != "No contacts yet. Add one with +." {
		t.Fatalf("empty state = %q", got)
	}
}

func TestDeleteContactAsksFirst(t *testing.T) {
	tests := []struct {
		answer string
		want   []string
		names  string
	}{
		{"Cancel", nil, "[Alice Bob]"},
		{"Delete", []string{"DeleteContact 1"}, "[Bob]"},
	}
	for _, tt := range tests {
		t.Run(tt.answer, func(t *testing.T) {
			h, ct := withContacts(t, alice, bob)
			ct.list.Select(0)
			test.Tap(ct.detail.del)
			h.settle()
			assertCommands(t, h.fake) // nothing deleted before the answer
			top := h.w.win.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("Delete did not ask")
			}
			test.Tap(findButton(t, top, tt.answer))
			h.settle()
			assertCommands(t, h.fake, tt.want...)
			if got := names(ct); got != tt.names {
				t.Fatalf("contacts = %s, want %s", got, tt.names)
			}
		})
	}
}

func TestAddContactWithSeveralNumbers(t *testing.T) {
	h, ct := withContacts(t)
	test.Tap(ct.add)
	f := ct.form
	if !f.content.Visible() || ct.browse.Visible() {
		t.Fatal("+ did not open the form")
	}
	test.Tap(f.save)
	if got := visibleText(f.errText); got != ErrNoName.Error() {
		t.Fatalf("saving an empty form says %q, want %q", got, ErrNoName)
	}
	test.Type(f.name, "Dave")
	test.Type(f.numbers[0].value, "1004")
	test.Tap(f.addNum)
	f.numbers[1].label.SetText("cell")
	test.Type(f.numbers[1].value, "+4477")
	test.Tap(f.addNum) // left empty: dropped
	test.Tap(f.save)
	h.settle()
	assertCommands(t, h.fake, "SaveContact 0 Dave :1004,cell:+4477")
	if f.content.Visible() || names(ct) != "[Dave]" {
		t.Fatalf("after saving: form shown %v, contacts %s", f.content.Visible(), names(ct))
	}
	if ct.detail.contact.ID != 1 {
		t.Fatalf("the saved contact is not selected (detail ID %d)", ct.detail.contact.ID)
	}
}

func TestEditContact(t *testing.T) {
	h, ct := withContacts(t, alice)
	ct.list.Select(0)
	test.Tap(ct.detail.edit)
	f := ct.form
	if got := f.name.Text + " " + f.numbers[1].value.Text; got != "Alice 555" {
		t.Fatalf("form shows %q, want the contact", got)
	}
	test.Tap(f.numbers[0].remove)
	f.name.SetText("Alice B")
	test.Tap(f.save)
	h.settle()
	assertCommands(t, h.fake, "SaveContact 1 Alice B cell:555")
	if got := names(ct); got != "[Alice B]" {
		t.Fatalf("contacts = %s after editing", got)
	}
}

func TestPresenceDots(t *testing.T) {
	watched := bob
	watched.Presence = true
	h, ct := withContacts(t, alice, watched, carol)
	assertCommands(t, h.fake, "CheckPresence 1002")
	h.push(
		control.Event{Kind: control.KindPresence, Presence: &control.Presence{Peer: "sip:1002@example.com", Status: "Online"}},
		control.Event{Kind: control.KindBLF, Presence: &control.Presence{Peer: "1001", Status: "busy"}},
		control.Event{Kind: control.KindPresence, Presence: &control.Presence{Peer: "1001", Status: "Away"}},
		control.Event{Kind: control.KindPresence, Presence: &control.Presence{Peer: "carol", Status: "DND"}},
	)
	tests := []struct {
		c    control.Contact
		want string
	}{{alice, "busy"}, {bob, "Online"}, {carol, "DND"}, {control.Contact{Numbers: []control.Number{{Value: "9"}}}, ""}}
	for _, tt := range tests {
		if got := ct.dots.status(tt.c); got != tt.want {
			t.Errorf("%s: status %q, want %q", tt.c.Name, got, tt.want)
		}
	}
	h.push(control.Event{Kind: control.KindBLF, Presence: &control.Presence{Peer: "1001", Status: "idle"}})
	if got := ct.dots.status(alice); got != "Away" {
		t.Errorf("after BLF idle: %q, want presence Away", got)
	}
}

func TestChatFromContact(t *testing.T) {
	h, ct := withContacts(t, alice)
	ct.list.Select(0)
	test.Tap(ct.detail.chats[1])
	h.settle()
	if h.w.tabs.Selected() != h.w.social.items[1] || h.w.social.chat.model.peer != "555" {
		t.Fatalf("Chat did not open the conversation with 555 (peer %q)", h.w.social.chat.model.peer)
	}
}

// visibleText is a label's text while it is shown, "" while hidden.
func visibleText(l *widget.Label) string {
	if !l.Visible() {
		return ""
	}
	return l.Text
}

// findButton returns the button labelled text inside obj, failing the test when there is none.
func findButton(t *testing.T, obj fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(obj) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button", text)
	return nil
}
