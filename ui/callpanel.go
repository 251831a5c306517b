package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// callPanel shows the current call: peer, state (with a padlock while the media is encrypted),
// timer, the in-call controls and the Hang up button.
type callPanel struct {
	content  fyne.CanvasObject
	name     *widget.Label
	number   *widget.Label
	state    *widget.Label
	lock     *widget.Icon // shown while the call is encrypted
	timer    *widget.Label
	quality  *widget.Label // live call quality, hidden until the first figures
	controls *callControlsView
	extras   *callExtras // volume and device rows (displayvolumecontrols, displayaudiodevice)
	hangup   *widget.Button
}

// newCallPanel builds the panel bound to vm; it is hidden while there is no call. changed runs
// when the panel's size may have changed.
func newCallPanel(vm *ViewModel, onHangup func(), act callActions, changed func()) *callPanel {
	p := &callPanel{
		name:    widget.NewLabelWithData(vm.CallName),
		number:  widget.NewLabelWithData(vm.CallNumber),
		state:   widget.NewLabelWithData(vm.CallState),
		lock:    widget.NewIcon(lockIcon()),
		timer:   widget.NewLabelWithData(vm.CallTimer),
		quality: widget.NewLabelWithData(vm.CallQuality),
		hangup:  widget.NewButtonWithIcon(lang.L("Hang up"), theme.CancelIcon(), onHangup),
	}
	var inner func()
	p.controls = newCallControls(vm, act, func() {
		if inner != nil {
			inner()
		}
	})
	p.name.TextStyle.Bold = true
	p.name.SizeName = theme.SizeNameSubHeadingText
	p.name.Truncation = fyne.TextTruncateEllipsis
	p.number.Truncation = fyne.TextTruncateEllipsis
	p.timer.TextStyle.Monospace = true
	p.quality.SizeName = theme.SizeNameCaptionText
	p.quality.Truncation = fyne.TextTruncateEllipsis
	p.hangup.Importance = widget.DangerImportance
	body := container.NewVBox(
		p.name, p.number,
		container.NewBorder(nil, nil, p.lock, p.timer, p.state),
		p.quality,
		p.controls.content,
	)
	if p.extras = newCallExtras(vm); p.extras.content != nil {
		body.Add(p.extras.content)
	}
	body.Add(p.hangup)
	card := widget.NewCard("", "", body)
	p.content = card
	inner = relayoutShown(changed, body, card)
	bindVisible(card, vm.CallVisible, changed)
	bindVisibleText(p.number, vm.CallNumber, inner)
	bindVisibleText(p.timer, vm.CallTimer, inner)
	p.quality.Hide()
	bindVisibleText(p.quality, vm.CallQuality, inner)
	bindVisible(p.hangup, vm.CanHangup, inner)
	p.lock.Hide()
	bindVisible(p.lock, vm.CallEncrypted, inner)
	return p
}

// incomingPanel is the prominent "Incoming call from ..." banner with Answer and Reject.
type incomingPanel struct {
	content fyne.CanvasObject
	text    *widget.Label
	answer  *widget.Button
	reject  *widget.Button
}

// newIncomingPanel builds the banner bound to vm; it is hidden unless a call is waiting.
// changed runs when it is shown or hidden.
func newIncomingPanel(vm *ViewModel, onAnswer, onReject, changed func()) *incomingPanel {
	p := &incomingPanel{
		text:   widget.NewLabelWithData(vm.IncomingText),
		answer: widget.NewButtonWithIcon(lang.L("Answer"), theme.ConfirmIcon(), onAnswer),
		reject: widget.NewButtonWithIcon(lang.L("Reject"), theme.CancelIcon(), onReject),
	}
	p.text.TextStyle.Bold = true
	p.text.SizeName = theme.SizeNameSubHeadingText
	p.text.Wrapping = fyne.TextWrapWord
	p.text.Alignment = fyne.TextAlignCenter
	p.answer.Importance = widget.SuccessImportance
	p.reject.Importance = widget.DangerImportance

	bg := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x66))
	bg.CornerRadius = theme.InputRadiusSize()
	body := container.NewPadded(container.NewVBox(
		p.text,
		container.NewGridWithColumns(2, p.answer, p.reject),
	))
	banner := container.NewStack(bg, body)
	p.content = banner
	bindVisible(banner, vm.IncomingVisible, changed)
	return p
}
