package ui

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// numberEntry is the number field: an Entry that ignores spaces and reports Escape.
type numberEntry struct {
	widget.Entry
	onEscape func()
}

// newNumberEntry builds the entry; Enter calls onSubmit and Escape calls onEscape.
func newNumberEntry(onSubmit func(string), onEscape func()) *numberEntry {
	e := &numberEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = "Number or sip:user@host"
	e.OnSubmitted = onSubmit
	return e
}

// TypedRune drops whitespace, which never belongs in a number or SIP URI.
func (e *numberEntry) TypedRune(r rune) {
	if unicode.IsSpace(r) {
		return
	}
	e.Entry.TypedRune(r)
}

// TypedKey hands Escape to onEscape and everything else to the Entry.
func (e *numberEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.onEscape != nil {
			e.onEscape()
		}
		return
	}
	e.Entry.TypedKey(k)
}

// isDialRune reports whether r may be typed into the number from anywhere in the window:
// digits, * # +, letters and the punctuation of SIP URIs.
func isDialRune(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return true
	}
	switch r {
	case '*', '#', '+', '@', '.', ':', '-', '_', ';', '=':
		return true
	}
	return false
}

// typedRune receives characters typed while no widget has focus and puts them in the number.
func (t *phoneTab) typedRune(r rune) {
	if isDialRune(r) {
		t.entry.Append(string(r))
	}
}

// typedKey receives keys pressed while no widget has focus: Enter calls or answers, Escape
// hangs up or rejects, Backspace deletes the last character of the number.
func (t *phoneTab) typedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.submit(t.entry.Text)
	case fyne.KeyEscape:
		t.cancel()
	case fyne.KeyBackspace:
		t.backspace()
	}
}
