package ui

import "fyne.io/fyne/v2/widget"

// button returns the button showing line, or nil.
func (b *lineBar) button(line int) *widget.Button {
	for i, l := range b.lines {
		if l.line == line {
			return b.buttons[i]
		}
	}
	return nil
}
