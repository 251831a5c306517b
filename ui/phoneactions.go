package ui

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// callActions wires the in-call controls to the view-model's commands.
func (t *phoneTab) callActions() callActions {
	return callActions{
		hold:         t.toggleHold,
		mute:         t.toggleMute,
		merge:        func() { t.logErr("merge", t.vm.MergeCalls()) },
		transfer:     func(n string) { t.logErr("transfer", t.vm.Transfer(n)) },
		conference:   func(n string) { t.logErr("conference", t.vm.AddToConference(n)) },
		transferType: func(k string) { t.logErr("transfer type", t.vm.SetTransferType(k)) },
		shortcut:     t.shortcut,
	}
}

// toggleHold is the Hold/Resume button and Ctrl+H.
func (t *phoneTab) toggleHold() { t.logErr("hold", t.vm.ToggleHold()) }

// toggleMute is the Mute/Unmute button and Ctrl+M.
func (t *phoneTab) toggleMute() { t.logErr("mute", t.vm.ToggleMute()) }

// selectLine is a line button.
func (t *phoneTab) selectLine(line int) { t.logErr("switch line", t.vm.SelectLine(line)) }

// doRedial is the Redial button.
func (t *phoneTab) doRedial() { t.logErr("redial", t.vm.Redial()) }

// pickSuggestion puts a tapped suggestion's number in the entry, without dialling it, and
// closes the list.
func (t *phoneTab) pickSuggestion(number string) {
	t.picking = true
	t.entry.SetText(number)
	t.picking = false
	t.suggest.update("")
	if t.focus != nil {
		t.focus(t.entry)
	}
}

// hideSuggestionsInCall closes the suggestions when a call or an incoming call shows.
func (t *phoneTab) hideSuggestionsInCall() {
	hide := binding.NewDataListener(func() {
		if t.suggest.inCall() {
			t.suggest.update("")
		}
	})
	t.vm.CanHangup.AddListener(hide)
	t.vm.IncomingVisible.AddListener(hide)
}

// ErrBadNumber is returned for a typed number with a character no call can use.
var ErrBadNumber = errors.New("character not allowed in a number")

// checkDialNumber returns ErrBadNumber, naming the first character at fault, when number
// cannot be dialled by control.CheckNumber, the phone's own dial check. An empty number
// passes (Dial refuses it).
func checkDialNumber(number string) error {
	_, err := control.CheckNumber(number)
	if bad := (*control.BadCharError)(nil); errors.As(err, &bad) {
		return badRune(bad.Char)
	}
	return err
}

// badRuneError is ErrBadNumber with the character at fault.
type badRuneError struct{ r rune }

// Error names the character.
func (e badRuneError) Error() string { return ErrBadNumber.Error() + ": " + runeName(e.r) }

// Unwrap is ErrBadNumber.
func (e badRuneError) Unwrap() error { return ErrBadNumber }

// badRune is the error for r.
func badRune(r rune) error { return badRuneError{r} }

// runeName shows r quoted, or as "space" for the blank users cannot see.
func runeName(r rune) string {
	if r == ' ' {
		return lang.L("space")
	}
	return strconv.QuoteRune(r)
}

// badNumberNotice is the notice-line text for an error from checkDialNumber.
func badNumberNotice(err error) string {
	var bad badRuneError
	if !errors.As(err, &bad) {
		return err.Error()
	}
	return lang.L("Not called: {{.Char}} cannot be part of a number. Use digits, letters, + * # or a sip: URI.",
		map[string]any{"Char": runeName(bad.r)})
}
