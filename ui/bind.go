package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/theme"
)

// bindVisible shows obj while b is true and hides it otherwise.
func bindVisible(obj fyne.CanvasObject, b binding.Bool) {
	b.AddListener(binding.NewDataListener(func() {
		if on, err := b.Get(); err == nil && on {
			obj.Show()
		} else {
			obj.Hide()
		}
	}))
}

// bindVisibleText shows obj while s is not empty.
func bindVisibleText(obj fyne.CanvasObject, s binding.String) {
	s.AddListener(binding.NewDataListener(func() {
		if text, err := s.Get(); err == nil && text != "" {
			obj.Show()
		} else {
			obj.Hide()
		}
	}))
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

// onChange calls f whenever any of items changes (on the UI thread, after earlier listeners).
func onChange(f func(), items ...binding.DataItem) {
	for _, it := range items {
		it.AddListener(binding.NewDataListener(f))
	}
}

// relayout refreshes objs in order, so containers lay out again after children were shown or
// hidden (drivers without a per-frame layout pass, like the test driver, need this).
func relayout(objs ...fyne.CanvasObject) func() {
	return func() {
		for _, o := range objs {
			o.Refresh()
		}
	}
}

// withAlpha returns c with its opacity replaced by a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
