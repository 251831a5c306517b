package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
)

// bindVisible shows obj while b is true and hides it otherwise; changed (if not nil) runs
// after each real change of visibility, to lay the parents out again.
func bindVisible(obj fyne.CanvasObject, b binding.Bool, changed func()) {
	b.AddListener(binding.NewDataListener(func() {
		on, err := b.Get()
		setVisible(obj, err == nil && on, changed)
	}))
}

// bindVisibleText shows obj while s is not empty, like bindVisible.
func bindVisibleText(obj fyne.CanvasObject, s binding.String, changed func()) {
	s.AddListener(binding.NewDataListener(func() {
		text, err := s.Get()
		setVisible(obj, err == nil && text != "", changed)
	}))
}

// setVisible shows or hides obj and calls changed when that changed anything.
func setVisible(obj fyne.CanvasObject, on bool, changed func()) {
	if obj.Visible() == on {
		return
	}
	if on {
		obj.Show()
	} else {
		obj.Hide()
	}
	if changed != nil {
		changed()
	}
}

// regColor is the header dot's colour for kind k, from the current theme.
func regColor(k RegKind) color.Color {
	switch k {
	case RegOK:
		return theme.Color(theme.ColorNameSuccess)
	case RegBusy:
		return theme.Color(theme.ColorNameWarning)
	case RegFailed:
		return theme.Color(theme.ColorNameError)
	}
	return theme.Color(theme.ColorNameDisabled)
}

// relayoutShown is relayout for the inside of a panel that its parent lays out again when
// showing it: while the last (outermost) of objs is hidden it does nothing, since a hidden
// panel takes no space. It saves refreshing whole hidden panels on every change.
func relayoutShown(next func(), objs ...fyne.CanvasObject) func() {
	inner := relayout(next, objs...)
	return func() {
		if len(objs) > 0 && !objs[len(objs)-1].Visible() {
			return
		}
		inner()
	}
}

// relayout returns a func that refreshes objs in order and then calls next (if not nil), so
// containers lay out again after children were shown or hidden (drivers without a per-frame
// layout pass, like the test driver, need this).
func relayout(next func(), objs ...fyne.CanvasObject) func() {
	return func() {
		for _, o := range objs {
			o.Refresh()
		}
		if next != nil {
			next()
		}
	}
}

// withAlpha returns c with its opacity replaced by a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
