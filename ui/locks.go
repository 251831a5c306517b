package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// locked reports whether the phone's provisioning profile locked parameter name.
func (v *ViewModel) locked(name string) bool {
	lr, ok := v.ctrl.(control.LockReporter)
	return ok && name != "" && lr.Locked(name)
}

// lockControl makes o read-only (every control in it that can be disabled) and returns the
// padlock note shown under it.
func lockControl(o fyne.CanvasObject) fyne.CanvasObject {
	disableAll(o)
	note := widget.NewLabel(lang.L("Locked by your provider"))
	note.Importance = widget.LowImportance
	return container.NewHBox(widget.NewIcon(lockIcon()), note)
}

// disableAll disables o and, for a container, everything inside it.
func disableAll(o fyne.CanvasObject) {
	if d, ok := o.(fyne.Disableable); ok {
		d.Disable()
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			disableAll(child)
		}
	}
}
