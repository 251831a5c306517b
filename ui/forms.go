package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// transferOption is one option of the transfer type select.
type transferOption struct{ label, kind string }

// transferOptions lists the transfer type select's options and their transfertype values.
func transferOptions() []transferOption {
	return []transferOption{{lang.L("Blind"), TransferBlind}, {lang.L("Attended"), TransferAttended}}
}

// callForms holds the Transfer and Conference forms, each folded in an accordion item.
type callForms struct {
	content      *widget.Accordion
	transferTo   *numberEntry
	transferKind *widget.Select
	transfer     *widget.Button
	confNumber   *numberEntry
	conference   *widget.Button
}

// newCallForms builds the forms; kind is the transfertype shown first.
func newCallForms(kind string, act callActions) *callForms {
	f := &callForms{}
	f.transferTo = newNumberEntry(func(n string) { act.transfer(n) }, nil)
	f.transferTo.PlaceHolder = lang.L("Transfer to number")
	f.transferTo.onShortcut = act.shortcut
	f.transfer = widget.NewButton(lang.L("Transfer"), func() { act.transfer(f.transferTo.Text) })
	opts := transferOptions()
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = o.label
	}
	f.transferKind = widget.NewSelect(labels, nil)
	for _, o := range opts {
		if o.kind == kind {
			f.transferKind.SetSelected(o.label)
		}
	}
	f.transferKind.OnChanged = func(label string) {
		for _, o := range opts {
			if o.label == label {
				act.transferType(o.kind)
			}
		}
	}
	f.confNumber = newNumberEntry(func(n string) { act.conference(n) }, nil)
	f.confNumber.PlaceHolder = lang.L("Number to add")
	f.confNumber.onShortcut = act.shortcut
	f.conference = widget.NewButton(lang.L("Add to conference"), func() { act.conference(f.confNumber.Text) })
	enableWithText(f.transfer, f.transferTo)
	enableWithText(f.conference, f.confNumber)

	f.content = widget.NewAccordion(
		widget.NewAccordionItem(lang.L("Transfer"), container.NewVBox(
			f.transferTo,
			container.NewGridWithColumns(2, f.transferKind, f.transfer),
		)),
		widget.NewAccordionItem(lang.L("Conference"), container.NewVBox(f.confNumber, f.conference)),
	)
	return f
}

// enableWithText enables btn only while e holds text.
func enableWithText(btn *widget.Button, e *numberEntry) {
	update := func(text string) {
		if text == "" {
			btn.Disable()
		} else {
			btn.Enable()
		}
	}
	e.OnChanged = update
	update(e.Text)
}
