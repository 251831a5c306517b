package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dialKey is one dialpad key: the character it types and the letters printed under it.
type dialKey struct {
	char    rune
	letters string
}

// dialKeys lists the 4x3 dialpad row by row.
func dialKeys() []dialKey {
	return []dialKey{
		{'1', " "}, {'2', "ABC"}, {'3', "DEF"},
		{'4', "GHI"}, {'5', "JKL"}, {'6', "MNO"},
		{'7', "PQRS"}, {'8', "TUV"}, {'9', "WXYZ"},
		{'*', " "}, {'0', "+"}, {'#', " "},
	}
}

// dialpad is the 4x3 grid of keys.
type dialpad struct {
	content fyne.CanvasObject
	keys    map[rune]*widget.Button
}

// newDialpad builds the grid; press is called with the key's character.
func newDialpad(press func(r rune)) *dialpad {
	d := &dialpad{keys: map[rune]*widget.Button{}}
	var cells []fyne.CanvasObject
	for _, k := range dialKeys() {
		btn := widget.NewButton("", func() { press(k.char) })
		digit := widget.NewLabelWithStyle(string(k.char), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		digit.SizeName = theme.SizeNameSubHeadingText
		sub := widget.NewLabelWithStyle(k.letters, fyne.TextAlignCenter, fyne.TextStyle{})
		sub.SizeName = theme.SizeNameCaptionText
		face := container.New(&keyFaceLayout{}, digit, sub)
		d.keys[k.char] = btn
		cells = append(cells, container.NewStack(btn, face))
	}
	d.content = container.NewGridWithColumns(3, cells...)
	return d
}

// keyFaceLayout stacks a key's digit and letters tightly, centred, with the digit on top.
type keyFaceLayout struct{}

// MinSize is the taller of a compact two-line face.
func (keyFaceLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, bottom := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding()
	return fyne.NewSize(max(top.Width, bottom.Width), top.Height+bottom.Height-2*pad)
}

// Layout places the digit above the letters, overlapping their padding.
func (keyFaceLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, bottom := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding()
	y := (size.Height - (top.Height + bottom.Height - 2*pad)) / 2
	objs[0].Resize(fyne.NewSize(size.Width, top.Height))
	objs[0].Move(fyne.NewPos(0, y))
	objs[1].Resize(fyne.NewSize(size.Width, bottom.Height))
	objs[1].Move(fyne.NewPos(0, y+top.Height-2*pad))
}
