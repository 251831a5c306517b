package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// codecList is the codec order editor: one row per codec with a tick (offered or not) and
// buttons to move it up or down. Every change sets the codecs parameter to the ticked codecs
// in row order.
type codecList struct {
	content *fyne.Container
	rows    *fyne.Container
	tab     *settingsTab
	order   []string
	enabled map[string]bool
	checks  map[string]*widget.Check
}

// newCodecList builds the editor from the codecs parameter: its codecs first, ticked, in its
// order, then the other known codecs unticked.
func newCodecList(t *settingsTab) *codecList {
	c := &codecList{tab: t, enabled: map[string]bool{}, checks: map[string]*widget.Check{}}
	for _, name := range parseCodecs(t.vm.param(paramCodecs)) {
		if !c.enabled[name] {
			c.order = append(c.order, name)
			c.enabled[name] = true
		}
	}
	for _, name := range knownCodecs() {
		if !slices.Contains(c.order, name) {
			c.order = append(c.order, name)
		}
	}
	c.rows = container.NewVBox()
	c.content = container.NewVBox(c.rows, t.param(paramCodecs).err)
	c.layoutRows()
	return c
}

// value is the codecs parameter the editor stands for.
func (c *codecList) value() string {
	var on []string
	for _, name := range c.order {
		if c.enabled[name] {
			on = append(on, name)
		}
	}
	return strings.Join(on, ",")
}

// layoutRows rebuilds the rows in the current order.
func (c *codecList) layoutRows() {
	objs := make([]fyne.CanvasObject, 0, len(c.order))
	for i, name := range c.order {
		check := widget.NewCheck(name, nil)
		check.SetChecked(c.enabled[name])
		check.OnChanged = func(on bool) { c.setEnabled(name, on) }
		c.checks[name] = check
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { c.move(name, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { c.move(name, +1) })
		if i == 0 {
			up.Disable()
		}
		if i == len(c.order)-1 {
			down.Disable()
		}
		objs = append(objs, container.NewBorder(nil, nil, nil, container.NewHBox(up, down), check))
	}
	c.rows.Objects = objs
	c.rows.Refresh()
}

// setEnabled ticks or unticks codec name and sends the new list.
func (c *codecList) setEnabled(name string, on bool) {
	c.enabled[name] = on
	c.tab.param(paramCodecs).set(c.value())
}

// move moves codec name by delta rows (-1 up, +1 down) and sends the new list.
func (c *codecList) move(name string, delta int) {
	i := slices.Index(c.order, name)
	j := i + delta
	if i < 0 || j < 0 || j >= len(c.order) {
		return
	}
	c.order[i], c.order[j] = c.order[j], c.order[i]
	c.layoutRows()
	c.tab.param(paramCodecs).set(c.value())
}
