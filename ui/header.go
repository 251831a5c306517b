package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/widget"
)

// header is the bar above the tabs: brand name, registration dot and status text.
type header struct {
	content fyne.CanvasObject
	left    *fyne.Container // brand and dot; a skin puts its logo first
	brand   *widget.Label
	dot     *canvas.Circle
	status  *widget.Label
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
	h.content = container.NewVBox(
		container.NewBorder(nil, nil, h.left, nil, h.status),
		widget.NewSeparator(),
	)
	return h
}
