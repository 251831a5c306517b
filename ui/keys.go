package ui

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// numberEntry is the number field: an Entry that ignores spaces and reports Escape. While
// intercept (if set) claims a character it is not typed; onShortcut (if set) sees shortcuts
// first, so window shortcuts work while the entry has focus.
type numberEntry struct {
	widget.Entry
	onEscape   func()
	intercept  func(r rune) bool
	onShortcut func(fyne.Shortcut) bool
	onDown     func() bool // Down arrow: true when it moved focus into the suggestions
}

// newNumberEntry builds the entry; Enter calls onSubmit and Escape calls onEscape.
func newNumberEntry(onSubmit func(string), onEscape func()) *numberEntry {
	e := &numberEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = lang.L("Number or sip:user@host")
	e.OnSubmitted = onSubmit
	return e
}

// TypedRune drops whitespace, which never belongs in a number or SIP URI.
func (e *numberEntry) TypedRune(r rune) {
	if unicode.IsSpace(r) {
		return
	}
	if e.intercept != nil && e.intercept(r) {
		return
	}
	e.Entry.TypedRune(r)
}

// TypedShortcut offers s to onShortcut, then to the Entry.
func (e *numberEntry) TypedShortcut(s fyne.Shortcut) {
	if e.onShortcut != nil && e.onShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// TypedKey hands Escape to onEscape, Down to onDown (into the suggestions) and everything
// else to the Entry.
func (e *numberEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.onEscape != nil {
			e.onEscape()
		}
		return
	}
	if k.Name == fyne.KeyDown && e.onDown != nil && e.onDown() {
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

// typedRune receives characters typed while no widget has focus: DTMF digits during a call,
// otherwise characters of the number.
func (t *phoneTab) typedRune(r rune) {
	if t.dtmfRune(r) {
		return
	}
	if isDialRune(r) {
		t.entry.Append(string(r))
	}
}

// dtmfRune sends r as DTMF when the call shown takes DTMF and r is a digit (a-d count as A-D);
// it reports whether r was used.
func (t *phoneTab) dtmfRune(r rune) bool {
	if !t.vm.shown.call.controls.sendsDTMF() {
		return false
	}
	if r >= 'a' && r <= 'd' {
		r = unicode.ToUpper(r)
	}
	if !isDTMFRune(r) {
		return false
	}
	t.logErr("dtmf", t.vm.SendDTMF(string(r)))
	return true
}

// shortcut handles the call shortcuts, Ctrl+H hold/resume and Ctrl+M mute/unmute; it reports
// whether s was one of them.
func (t *phoneTab) shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierControl {
		return false
	}
	switch cs.KeyName {
	case fyne.KeyH:
		t.toggleHold()
	case fyne.KeyM:
		t.toggleMute()
	default:
		return false
	}
	return true
}

// callShortcuts are the window shortcuts the Phone tab handles.
func callShortcuts() []*desktop.CustomShortcut {
	return []*desktop.CustomShortcut{
		{KeyName: fyne.KeyH, Modifier: fyne.KeyModifierControl},
		{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierControl},
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
