package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// suggestButton is one suggestion that a keyboard user reaches with Down from the number
// entry: Enter or Space picks it, Up and Down move through the list (Up from the first goes
// back to the entry) and Escape returns to the entry.
type suggestButton struct {
	widget.Button
	move func(from *suggestButton, by int) // by -1 up, +1 down; 0 back to the entry
}

// newSuggestButton builds the button; move is called for Up, Down and Escape.
func newSuggestButton(text string, icon fyne.Resource, tapped func(), move func(*suggestButton, int)) *suggestButton {
	b := &suggestButton{move: move}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey handles Enter, Space, Up, Down and Escape.
func (b *suggestButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		b.Tapped(nil)
	case fyne.KeyDown:
		b.move(b, 1)
	case fyne.KeyUp:
		b.move(b, -1)
	case fyne.KeyEscape:
		b.move(b, 0)
	}
}

// focusFirst moves keyboard focus to the first suggestion; false when none is shown. UI
// thread only.
func (s *suggestView) focusFirst() bool {
	if !s.content.Visible() || len(s.buttons) == 0 || s.focus == nil {
		return false
	}
	s.focus(s.buttons[0])
	return true
}

// move is a suggestion's Up/Down/Escape: focus goes to the neighbour, or back to the entry
// past the first (and on Escape). UI thread only.
func (s *suggestView) move(from *suggestButton, by int) {
	if s.focus == nil {
		return
	}
	i := -1
	for n, b := range s.buttons {
		if b == from {
			i = n
		}
	}
	switch next := i + by; {
	case by == 0 || next < 0 || i < 0:
		s.focus(s.backTo)
	case next < len(s.buttons):
		s.focus(s.buttons[next])
	}
}
