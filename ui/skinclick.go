package ui

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/skins"
)

// clickToCallSize is the size of the one big button.
func clickToCallSize() fyne.Size { return fyne.NewSize(260, 140) }

// clickToCall is the click2call layout: logo, brand, header text, one big button that calls
// the skin's number (and hangs up while a call is in progress), the call state, the incoming
// call banner and the notice line; nothing else.
type clickToCall struct {
	content fyne.CanvasObject
	vm      *ViewModel
	log     *slog.Logger
	number  string
	button  *widget.Button
	label   *widget.Label
	inCall  bool
}

// newClickToCall builds the view for skin s bound to vm.
func newClickToCall(vm *ViewModel, s skins.Skin, log *slog.Logger) *clickToCall {
	v := &clickToCall{vm: vm, log: log, number: s.CallNumber}
	v.button = widget.NewButton("", v.tap)
	v.button.Importance = widget.SuccessImportance
	v.label = widget.NewLabel("")
	v.label.Alignment = fyne.TextAlignCenter
	v.label.TextStyle.Bold = true
	v.label.SizeName = theme.SizeNameHeadingText
	callText, hangText := skinText(&s, "Call"), skinText(&s, "Hang up")
	vm.CanHangup.AddListener(binding.NewDataListener(func() {
		on, err := vm.CanHangup.Get()
		v.inCall = err == nil && on
		text, imp := callText, widget.SuccessImportance
		if v.inCall {
			text, imp = hangText, widget.DangerImportance
		}
		v.label.SetText(text)
		if v.button.Importance != imp {
			v.button.Importance = imp
			v.button.Refresh()
		}
	}))
	big := container.NewCenter(container.NewGridWrap(clickToCallSize(),
		container.NewStack(v.button, container.NewCenter(v.label))))

	brand := widget.NewLabelWithStyle(s.BrandName, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	brand.SizeName = theme.SizeNameSubHeadingText
	state := widget.NewLabelWithData(vm.CallState)
	state.Alignment = fyne.TextAlignCenter
	timer := widget.NewLabelWithData(vm.CallTimer)
	timer.Alignment = fyne.TextAlignCenter
	timer.TextStyle.Monospace = true
	notice := widget.NewLabelWithData(vm.Notice)
	notice.Importance = widget.DangerImportance
	notice.Wrapping = fyne.TextWrapWord
	var relayoutBody func() // set once body and content exist
	incoming := newIncomingPanel(vm, func() { v.logErr("answer", vm.Answer()) },
		func() { v.logErr("reject", vm.Reject()) }, func() {
			if relayoutBody != nil {
				relayoutBody()
			}
		})

	top := container.NewVBox()
	if logo := skinLogo(s, 64); logo != nil {
		top.Add(container.NewCenter(logo))
	}
	top.Add(brand)
	if s.Header != "" {
		top.Add(skinLine(skinText(&s, s.Header)))
	}
	body := container.NewVBox(incoming.content, big, state, timer, notice)
	middle := container.NewCenter(body)
	v.content = container.NewBorder(top, skinBottom(&s), nil, nil, middle)
	relayoutBody = relayout(nil, body, middle, v.content)
	return v
}

// tap calls the number, or hangs up while a call is in progress.
func (v *clickToCall) tap() {
	if v.inCall {
		v.logErr("hangup", v.vm.Hangup())
		return
	}
	v.logErr("call", v.vm.Dial(v.number))
}

// logErr records a command that had nothing to act on.
func (v *clickToCall) logErr(what string, err error) {
	if err != nil {
		v.log.Info("command failed", "command", what, "err", err)
	}
}
