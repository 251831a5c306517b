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
