package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// ErrBadDTMF is returned by SendDTMF for a character that is not a DTMF digit.
var ErrBadDTMF = errors.New("not a DTMF digit")

// ErrBadTransferType is returned by SetTransferType for a type other than blind or attended.
var ErrBadTransferType = errors.New("unknown transfer type")

// ErrNoRecorder is returned by ToggleRecord when the controller cannot record calls.
var ErrNoRecorder = errors.New("the phone cannot record calls")

// ErrNoLine is returned by SelectLine for a line number below 1.
var ErrNoLine = errors.New("no such line")

// Transfer types, the values of the transfertype parameter.
const (
	// TransferBlind hands the call over with a REFER at once.
	TransferBlind = "blind"
	// TransferAttended consults the target first, then transfers with Replaces.
	TransferAttended = "attended"
)

// Parameters the call controls read or set.
const (
	paramLines        = "lines"
	paramTransferType = "transfertype"
)

// connectedLine returns the line of the answered call shown, or ErrNoCall.
func (v *ViewModel) connectedLine(what string) (int, error) {
	if !v.shown.call.controls.connected {
		return 0, fmt.Errorf("%s: %w", what, ErrNoCall)
	}
	return v.shown.call.line, nil
}

// ToggleHold holds the call shown, or resumes it when we hold it.
func (v *ViewModel) ToggleHold() error {
	line, err := v.connectedLine("hold")
	if err != nil {
		return err
	}
	hold, what := !v.shown.call.controls.held, lang.L("Hold")
	if !hold {
		what = lang.L("Resume")
	}
	v.command(what, false, func() error { return v.ctrl.Hold(line, hold) })
	return nil
}

// ToggleMute mutes the microphone on the call shown, or unmutes it.
func (v *ViewModel) ToggleMute() error {
	line, err := v.connectedLine("mute")
	if err != nil {
		return err
	}
	mute := !v.shown.call.controls.micMuted
	v.command(lang.L("Mute"), false, func() error { return v.ctrl.Mute(line, mute, control.MuteMicrophone) })
	return nil
}

// CanRecord reports whether the controller records calls on demand (control.Recorder).
func (v *ViewModel) CanRecord() bool {
	_, ok := v.ctrl.(control.Recorder)
	return ok
}

// ToggleRecord starts recording the call shown, or stops it while it is recorded.
func (v *ViewModel) ToggleRecord() error {
	line, err := v.connectedLine("record")
	if err != nil {
		return err
	}
	rec, ok := v.ctrl.(control.Recorder)
	if !ok {
		return fmt.Errorf("record line %d: %w", line, ErrNoRecorder)
	}
	on, what := !v.shown.call.controls.recording, lang.L("Record")
	if !on {
		what = lang.L("Stop recording")
	}
	v.command(what, false, func() error { return rec.Record(line, on) })
	return nil
}

// SendDTMF sends digits (0-9 * # A-D, a space pauses) on the call shown while it is answered
// and not held.
func (v *ViewModel) SendDTMF(digits string) error {
	if !v.shown.call.controls.sendsDTMF() {
		return fmt.Errorf("dtmf: %w", ErrNoCall)
	}
	if strings.TrimSpace(digits) == "" {
		return fmt.Errorf("dtmf: %w", ErrEmptyNumber)
	}
	for _, r := range digits {
		if r != ' ' && !isDTMFRune(r) {
			return fmt.Errorf("dtmf %q: %w", r, ErrBadDTMF)
		}
	}
	line := v.shown.call.line
	v.command(lang.L("DTMF"), false, func() error { return v.ctrl.DTMF(line, digits) })
	return nil
}

// Transfer hands the call shown to number, blind or attended as the transfertype parameter
// says.
func (v *ViewModel) Transfer(number string) error {
	line, err := v.connectedLine("transfer")
	if err != nil {
		return err
	}
	if number = strings.TrimSpace(number); number == "" {
		return fmt.Errorf("transfer: %w", ErrEmptyNumber)
	}
	v.command(lang.L("Transfer"), true, func() error { return v.ctrl.Transfer(line, number) })
	return nil
}

// AddToConference calls number and joins it to the call shown.
func (v *ViewModel) AddToConference(number string) error {
	if _, err := v.connectedLine("conference"); err != nil {
		return err
	}
	if number = strings.TrimSpace(number); number == "" {
		return fmt.Errorf("conference: %w", ErrEmptyNumber)
	}
	v.command(lang.L("Conference"), true, func() error { return v.ctrl.Conference(number) })
	return nil
}

// MergeCalls joins every connected line into one conference.
func (v *ViewModel) MergeCalls() error {
	if !v.shown.lines.canMerge {
		return fmt.Errorf("merge: %w", ErrNoCall)
	}
	v.command(lang.L("Merge"), true, func() error { return v.ctrl.Conference("") })
	return nil
}

// SelectLine makes line the phone's current line; the call panel follows once the phone
// agrees. A free line is where the next number dialled goes.
func (v *ViewModel) SelectLine(line int) error {
	if line < 1 {
		return fmt.Errorf("line %d: %w", line, ErrNoLine)
	}
	v.commandThen(lang.L("Switch line"), func() error { return v.ctrl.SetLine(line) }, func() {
		v.mu.Lock()
		v.state.selectLine(line)
		v.mu.Unlock()
		v.refresh()
	})
	return nil
}

// Redial calls the last number dialled again.
func (v *ViewModel) Redial() error {
	var line int
	v.commandThen(lang.L("Redial"), func() (err error) {
		line, err = v.ctrl.Redial()
		return err
	}, func() {
		v.setNotice("")
		v.followLine(line)
	})
	return nil
}

// SetTransferType sets the transfertype parameter to TransferBlind or TransferAttended.
func (v *ViewModel) SetTransferType(kind string) error {
	if kind != TransferBlind && kind != TransferAttended {
		return fmt.Errorf("transfer type %q: %w", kind, ErrBadTransferType)
	}
	v.TransferType = kind
	v.command(lang.L("Transfer type"), false, func() error { return v.ctrl.SetParameter(paramTransferType, kind) })
	return nil
}

// followLine makes line, where a call was just placed or answered, the selected line; UI
// thread only.
func (v *ViewModel) followLine(line int) {
	if line < 1 {
		return
	}
	v.mu.Lock()
	v.state.selected, v.state.picked = line, false
	v.mu.Unlock()
	v.refresh()
}

// isDTMFRune reports whether r is a DTMF digit: 0-9 * # A-D.
func isDTMFRune(r rune) bool {
	return (r >= '0' && r <= '9') || r == '*' || r == '#' || (r >= 'A' && r <= 'D')
}
