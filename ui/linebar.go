package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// lineBarColumns is how many line buttons fit side by side; more wrap onto another row.
const lineBarColumns = 3

// lineBar is the row of line buttons: one per line in use, showing its state (and a padlock
// while its media is encrypted), with the line the call panel shows highlighted, and one to pick a free line for a new call. It is hidden
// while no line is in use.
type lineBar struct {
	content *fyne.Container
	buttons []*widget.Button
	lines   []lineButton
	pick    func(line int)
	changed func()
}

// newLineBar builds an empty, hidden row; pick is called with the line tapped and changed
// when the row's size may have changed.
func newLineBar(pick func(line int), changed func()) *lineBar {
	b := &lineBar{content: container.NewGridWithColumns(1), pick: pick, changed: changed}
	b.content.Hide()
	return b
}

// show replaces the row's buttons with lines; UI thread only.
func (b *lineBar) show(lines []lineButton) {
	b.lines = lines
	if len(b.buttons) != len(lines) {
		b.rebuild(len(lines))
	}
	for i, l := range lines {
		btn := b.buttons[i]
		var icon fyne.Resource
		if l.secure {
			icon = lockIcon()
		}
		imp := widget.MediumImportance
		if l.current {
			imp = widget.HighImportance
		}
		if btn.Text != l.text || btn.Importance != imp || (btn.Icon == nil) != (icon == nil) {
			btn.Text, btn.Icon, btn.Importance = l.text, icon, imp
			btn.Refresh()
		}
	}
	setVisible(b.content, len(lines) > 0, nil)
	b.content.Refresh()
	if b.changed != nil {
		b.changed()
	}
}

// rebuild makes n buttons, each picking the line shown on it at the time it is tapped.
func (b *lineBar) rebuild(n int) {
	b.buttons = make([]*widget.Button, n)
	objs := make([]fyne.CanvasObject, n)
	for i := range n {
		b.buttons[i] = widget.NewButton("", func() { b.tap(i) })
		objs[i] = b.buttons[i]
	}
	cols := min(max(n, 1), lineBarColumns)
	b.content.Layout = container.NewGridWithColumns(cols).Layout
	b.content.Objects = objs
}

// tap picks the line of button i.
func (b *lineBar) tap(i int) {
	if i < len(b.lines) && b.pick != nil {
		b.pick(b.lines[i].line)
	}
}
