package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// callActions are what the in-call controls do when used.
type callActions struct {
	hold, mute, merge    func()
	transfer, conference func(number string)
	transferType         func(kind string)
	shortcut             func(fyne.Shortcut) bool // Ctrl+H and Ctrl+M typed in the forms' entries
}

// callControlsView shows the state of the call and the buttons that act on it: the REC mark,
// lang.L("On hold by the far end"), the digits the far end sent, Hold/Resume, Mute/Unmute,
// Record/Stop recording (only when the controller can record) and Merge calls, then the
// transfer and conference forms.
type callControlsView struct {
	content    fyne.CanvasObject
	rec        *canvas.Text
	remoteHold *widget.Label
	dtmf       *widget.Label
	hold       *widget.Button
	mute       *widget.Button
	record     *widget.Button
	merge      *widget.Button
	forms      *callForms
}

// newCallControls builds the controls bound to vm; changed runs when their size may have
// changed.
func newCallControls(vm *ViewModel, act callActions, changed func()) *callControlsView {
	c := &callControlsView{
		rec:        canvas.NewText(lang.L("● REC"), theme.Color(theme.ColorNameError)),
		remoteHold: widget.NewLabel(lang.L("On hold by the far end")),
		dtmf:       widget.NewLabelWithData(vm.DTMFText),
		hold:       widget.NewButtonWithIcon(lang.L("Hold"), theme.MediaPauseIcon(), act.hold),
		mute:       widget.NewButtonWithIcon(lang.L("Mute"), theme.VolumeMuteIcon(), act.mute),
		record:     widget.NewButtonWithIcon(lang.L("Record"), theme.MediaRecordIcon(), nil),
		merge:      widget.NewButtonWithIcon(lang.L("Merge calls"), theme.ContentAddIcon(), act.merge),
		forms:      newCallForms(vm.TransferType, act),
	}
	c.record.OnTapped = func() {
		if err := vm.ToggleRecord(); err != nil {
			vm.log.Info("command failed", "command", "record", "err", err)
		}
	}
	if !vm.CanRecord() {
		c.record.Hide()
	}
	c.rec.TextStyle.Bold = true
	c.remoteHold.Importance = widget.WarningImportance
	c.remoteHold.Wrapping = fyne.TextWrapWord
	c.dtmf.TextStyle.Monospace = true
	status := container.NewBorder(nil, nil, container.NewCenter(c.rec), nil, c.remoteHold)
	body := container.NewVBox(
		status,
		c.dtmf,
		container.NewGridWithColumns(2, c.hold, c.mute, c.record, c.merge),
		c.forms.content,
	)
	c.content = body
	inner := relayoutShown(changed, status, body)
	bindVisible(body, vm.CallConnected, changed)
	bindVisible(c.rec, vm.Recording, inner)
	bindVisible(c.remoteHold, vm.RemoteHold, inner)
	bindVisibleText(c.dtmf, vm.DTMFText, inner)
	bindVisible(c.merge, vm.CanMerge, inner)
	bindToggle(c.hold, vm.CallHeld, lang.L("Resume"), theme.MediaPlayIcon(), lang.L("Hold"), theme.MediaPauseIcon())
	bindToggle(c.mute, vm.CallMuted, lang.L("Unmute"), theme.VolumeUpIcon(), lang.L("Mute"), theme.VolumeMuteIcon())
	bindToggle(c.record, vm.Recording, lang.L("Stop recording"), theme.MediaStopIcon(), lang.L("Record"),
		theme.MediaRecordIcon())
	return c
}

// bindToggle shows onText and onIcon on btn while b is true, offText and offIcon otherwise,
// and marks the button as pressed while on.
func bindToggle(btn *widget.Button, b binding.Bool, onText string, onIcon fyne.Resource,
	offText string, offIcon fyne.Resource) {
	b.AddListener(binding.NewDataListener(func() {
		on, err := b.Get()
		text, icon, imp := offText, offIcon, widget.MediumImportance
		if err == nil && on {
			text, icon, imp = onText, onIcon, widget.WarningImportance
		}
		if btn.Text == text && btn.Importance == imp {
			return
		}
		btn.Text, btn.Icon, btn.Importance = text, icon, imp
		btn.Refresh()
	}))
}
