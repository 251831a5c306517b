package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"
)

// ErrNoCall is returned by a call command when there is no call it applies to.
var ErrNoCall = errors.New("no call")

// ErrEmptyNumber is returned by Dial for an empty number.
var ErrEmptyNumber = errors.New("empty number")

// The commands below are called on the UI thread: they read what the widgets currently show,
// return at once with an error only when there is nothing to do, and hand the controller
// command to the worker so the window never waits for the phone. A controller failure comes
// back through the dispatcher and is shown in Notice.

// Dial calls number; the notice is cleared when the phone accepts it. A number with a
// character no call can use is refused with ErrBadNumber, and the notice names it.
func (v *ViewModel) Dial(number string) error {
	number = strings.TrimSpace(number)
	if number == "" {
		return ErrEmptyNumber
	}
	if err := checkDialNumber(number); err != nil {
		v.setNotice(badNumberNotice(err))
		return err
	}
	var line int
	v.commandThen(lang.L("Call"), func() (err error) {
		line, err = v.ctrl.Call(number)
		return err
	}, func() {
		v.setNotice("")
		v.followLine(line)
	})
	return nil
}

// Answer accepts the incoming call shown in the incoming panel.
func (v *ViewModel) Answer() error {
	if !v.shown.incoming.visible {
		return fmt.Errorf("answer: %w", ErrNoCall)
	}
	line := v.shown.incoming.line
	v.commandThen(lang.L("Answer"), func() error { return v.ctrl.Accept(line) }, func() { v.followLine(line) })
	return nil
}

// Reject declines the incoming call shown in the incoming panel.
func (v *ViewModel) Reject() error {
	if !v.shown.incoming.visible {
		return fmt.Errorf("reject: %w", ErrNoCall)
	}
	line := v.shown.incoming.line
	v.command(lang.L("Reject"), false, func() error { return v.ctrl.Reject(line) })
	return nil
}

// Hangup ends the call shown in the call panel.
func (v *ViewModel) Hangup() error {
	if !v.shown.call.canHangup {
		return fmt.Errorf("hang up: %w", ErrNoCall)
	}
	line := v.shown.call.line
	v.command(lang.L("Hang up"), false, func() error { return v.ctrl.Hangup(line) })
	return nil
}

// Submit is Enter: it answers a waiting incoming call, otherwise dials number.
func (v *ViewModel) Submit(number string) error {
	if v.shown.incoming.visible {
		return v.Answer()
	}
	return v.Dial(number)
}

// Cancel is Escape: it rejects a waiting incoming call, otherwise hangs up the current call.
// With neither it does nothing.
func (v *ViewModel) Cancel() error {
	switch {
	case v.shown.incoming.visible:
		return v.Reject()
	case v.shown.call.canHangup:
		return v.Hangup()
	}
	return nil
}

// command runs fn on the worker and then, on the UI thread, shows its error in Notice
// prefixed with what failed, or clears Notice when clear is set and fn succeeded.
func (v *ViewModel) command(what string, clear bool, fn func() error) {
	var ok func()
	if clear {
		ok = func() { v.setNotice("") }
	}
	v.commandThen(what, fn, ok)
}

// commandThen runs fn on the worker and then, on the UI thread, shows its error in Notice
// prefixed with what failed, or runs ok (if not nil) when fn succeeded.
func (v *ViewModel) commandThen(what string, fn func() error, ok func()) {
	v.work(func() {
		err := fn()
		if err != nil {
			v.log.Info("command failed", "command", what, "err", err)
		}
		v.dispatch(func() {
			switch {
			case err != nil:
				v.setNotice(lang.L("{{.What}} failed: {{.Err}}", map[string]any{"What": what, "Err": err.Error()}))
			case ok != nil:
				ok()
			}
		})
	})
}

// setNotice replaces the notice text and refreshes at once; UI thread only.
func (v *ViewModel) setNotice(s string) {
	v.mu.Lock()
	v.state.notice = s
	v.mu.Unlock()
	v.refresh()
}
