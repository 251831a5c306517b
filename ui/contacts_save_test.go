package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// findEntry returns the first entry inside obj, failing the test when there is none.
func findEntry(t *testing.T, obj fyne.CanvasObject) *widget.Entry {
	t.Helper()
	for _, o := range test.LaidOutObjects(obj) {
		if e, ok := o.(*widget.Entry); ok {
			return e
		}
	}
	t.Fatal("no entry")
	return nil
}

// TestSaveToContactsAsks: the phone's question (savetocontacts 1, a SAVECONTACT event for a
// number called that no contact holds) opens a prompt in the window naming the number with
// the number as the name; Save keeps the name typed (or the number when left empty) and the
// contact appears in the list; Not now saves nothing.
func TestSaveToContactsAsks(t *testing.T) {
	tests := []struct {
		answer, name string
		want         []string
		names        string
	}{
		{"Not now", "Dave", nil, "[Alice]"},
		{"Save", "Dave", []string{"SaveContact 0 Dave sip:1005"}, "[Alice Dave]"},
		{"Save", "", []string{"SaveContact 0 1005 sip:1005"}, "[Alice 1005]"},
	}
	for _, tt := range tests {
		t.Run(tt.answer+" "+tt.name, func(t *testing.T) {
			h, ct := withContacts(t, alice)
			if top := h.w.win.Canvas().Overlays().Top(); top != nil {
				t.Fatal("a prompt is open before the question")
			}
			h.push(control.Event{Kind: control.KindSaveContact, Message: "1005", Notification: "SAVECONTACT,1005"})
			h.settle()
			top := h.w.win.Canvas().Overlays().Top()
			if top == nil {
				t.Fatal("no prompt for the number called")
			}
			asked := false
			for _, o := range test.LaidOutObjects(top) {
				if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "Save 1005 to your contacts?") {
					asked = true
				}
			}
			entry := findEntry(t, top)
			if !asked || entry.Text != "1005" {
				t.Fatalf("prompt asks %v, name %q; want the number named and filled in", asked, entry.Text)
			}
			entry.SetText("")
			test.Type(entry, tt.name)
			test.Tap(findButton(t, top, tt.answer))
			h.settle()
			assertCommands(t, h.fake, tt.want...)
			if got := names(ct); got != tt.names {
				t.Fatalf("contacts = %s, want %s", got, tt.names)
			}
		})
	}
}
