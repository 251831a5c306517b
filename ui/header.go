package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/widget"
)

// header is the bar above the tabs: brand name, registration dot, status text and, while
// voicemail waits, the voicemail indicator that calls the voicemail box.
type header struct {
	content fyne.CanvasObject
	left    *fyne.Container // brand and dot; a skin puts its logo first
	brand   *widget.Label
	dot     *canvas.Circle
	status  *widget.Label
	mwi     *widget.Button // voicemail waiting: tapping calls the voicemail box
	credit  *widget.Label  // a user's balance (creditrequest); hidden while none is known
}

// newHeader builds the header bound to vm's registration bindings.
func newHeader(brand string, vm *ViewModel) *header {
	h := &header{
		brand:  widget.NewLabelWithStyle(brand, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		dot:    canvas.NewCircle(regColor(RegIdle)),
		status: widget.NewLabelWithData(vm.RegText),
	}
	h.status.Truncation = fyne.TextTruncateEllipsis
	vm.RegKind.AddListener(binding.NewDataListener(func() {
		k, err := vm.RegKind.Get()
		if err != nil {
			return
		}
		h.dot.FillColor = regColor(RegKind(k))
		h.dot.Refresh()
	}))
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(12), h.dot))
	h.left = container.NewHBox(h.brand, dot)
	h.mwi = widget.NewButtonWithIcon("", voicemailIcon(), func() {
		if err := vm.CallVoicemail(); err != nil {
			vm.log.Info("voicemail", "err", err)
		}
	})
	h.mwi.Importance = widget.LowImportance
	h.credit = widget.NewLabelWithData(vm.CreditText)
	h.credit.Hide()
	row := container.NewBorder(nil, nil, h.left, container.NewHBox(h.credit, h.mwi), h.status)
	h.mwi.Hide()
	vm.CreditText.AddListener(binding.NewDataListener(func() {
		text, err := vm.CreditText.Get()
		if err == nil {
			setVisible(h.credit, text != "", row.Refresh)
		}
	}))
	vm.MWIText.AddListener(binding.NewDataListener(func() {
		text, err := vm.MWIText.Get()
		if err != nil {
			return
		}
		if h.mwi.Text != text {
			h.mwi.SetText(text)
		}
		setVisible(h.mwi, text != "", row.Refresh)
	}))
	h.content = container.NewVBox(row, widget.NewSeparator())
	return h
}
