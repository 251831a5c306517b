package ui

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoCall is returned by a call command when there is no call it applies to.
var ErrNoCall = errors.New("no call")

// ErrEmptyNumber is returned by Dial for an empty number.
var ErrEmptyNumber = errors.New("empty number")

// The commands below run on the UI thread: they read what the widgets currently show and
// report failures in Notice as well as returning them.

// Dial calls number and returns the line it took.
func (v *ViewModel) Dial(number string) (int, error) {
	number = strings.TrimSpace(number)
	if number == "" {
		return 0, ErrEmptyNumber
	}
	line, err := v.ctrl.Call(number)
	if err != nil {
		err = fmt.Errorf("call %s: %w", number, err)
		v.setNotice("Call failed: " + errors.Unwrap(err).Error())
		return 0, err
	}
	v.setNotice("")
	return line, nil
}

// Answer accepts the incoming call shown in the incoming panel.
func (v *ViewModel) Answer() error {
	if !v.shown.incoming.visible {
		return fmt.Errorf("answer: %w", ErrNoCall)
	}
	return v.report("Answer", v.ctrl.Accept(v.shown.incoming.line))
}

// Reject declines the incoming call shown in the incoming panel.
func (v *ViewModel) Reject() error {
	if !v.shown.incoming.visible {
		return fmt.Errorf("reject: %w", ErrNoCall)
	}
	return v.report("Reject", v.ctrl.Reject(v.shown.incoming.line))
}

// Hangup ends the call shown in the call panel.
func (v *ViewModel) Hangup() error {
	if !v.shown.call.canHangup {
		return fmt.Errorf("hang up: %w", ErrNoCall)
	}
	return v.report("Hang up", v.ctrl.Hangup(v.shown.call.line))
}

// Submit is Enter: it answers a waiting incoming call, otherwise dials number.
func (v *ViewModel) Submit(number string) error {
	if v.shown.incoming.visible {
		return v.Answer()
	}
	_, err := v.Dial(number)
	return err
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

// report shows err (if any) in Notice, prefixed with what failed, and returns it wrapped.
func (v *ViewModel) report(what string, err error) error {
	if err != nil {
		v.setNotice(what + " failed: " + err.Error())
		return fmt.Errorf("%s: %w", strings.ToLower(what), err)
	}
	return nil
}

// setNotice replaces the notice text and refreshes at once; UI thread only.
func (v *ViewModel) setNotice(s string) {
	v.mu.Lock()
	v.state.notice = s
	v.mu.Unlock()
	v.refresh()
}
