package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// historyLimit is how many calls the History tab shows.
const historyLimit = 500

// historyFilter is one choice of the History tab's filter.
type historyFilter struct {
	label  string
	filter control.HistoryFilter
	empty  string // shown when no call matches
}

// historyFilters lists the filter choices, All first.
func historyFilters() []historyFilter {
	return []historyFilter{
		{lang.L("All calls"), control.HistoryFilter{}, lang.L("No calls yet.")},
		{lang.L("Missed"), control.HistoryFilter{MissedOnly: true}, lang.L("No missed calls.")},
		{lang.L("Incoming"), control.HistoryFilter{Direction: control.DirectionIncoming}, lang.L("No incoming calls yet.")},
		{lang.L("Outgoing"), control.HistoryFilter{Direction: control.DirectionOutgoing}, lang.L("No outgoing calls yet.")},
	}
}

// historyTab is the History tab: a filter, the calls newest first, and for the selected call
// Call back, Chat and Add to contacts; Export saves the history as CSV.
type historyTab struct {
	s        *socialTabs
	content  fyne.CanvasObject
	filters  []historyFilter
	filter   *widget.Select
	export   *widget.Button
	status   *widget.Label
	empty    *widget.Label
	list     *widget.List
	actions  *fyne.Container
	callBack *widget.Button
	chat     *widget.Button
	addTo    *widget.Button
	calls    []control.Call
	selected control.Call
	seq      int // generation of the latest load, so stale answers are dropped
}

// newHistoryTab builds the tab; attach loads it.
func newHistoryTab(s *socialTabs) *historyTab {
	t := &historyTab{s: s, filters: historyFilters()}
	labels := make([]string, len(t.filters))
	for i, f := range t.filters {
		labels[i] = f.label
	}
	t.filter = widget.NewSelect(labels, nil)
	t.filter.SetSelectedIndex(0)
	t.filter.OnChanged = func(string) { t.load() }
	t.export = widget.NewButtonWithIcon(lang.L("Export"), theme.DocumentSaveIcon(), t.exportCSV)
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	t.status.Hide()
	t.empty = widget.NewLabel("")
	t.empty.Alignment = fyne.TextAlignCenter
	t.list = widget.NewList(func() int { return len(t.calls) }, newCallRow, t.updateRow)
	t.list.OnSelected = func(id widget.ListItemID) { t.choose(id) }
	t.callBack = widget.NewButtonWithIcon(lang.L("Call back"), theme.MediaPlayIcon(), t.dial)
	t.callBack.Importance = widget.SuccessImportance
	t.chat = widget.NewButtonWithIcon(lang.L("Chat"), theme.MailComposeIcon(), func() { t.s.chatWith(t.selected.Peer) })
	t.addTo = widget.NewButtonWithIcon(lang.L("Add"), theme.ContentAddIcon(), func() {
		t.s.addContact(t.selected.PeerName, t.selected.Peer)
	})
	t.actions = container.NewGridWithColumns(3, t.callBack, t.chat, t.addTo)
	t.actions.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, nil, t.export, t.filter), t.status)
	t.content = container.NewBorder(top, t.actions, nil, nil, container.NewStack(t.list, t.empty))
	return t
}

// load asks the controller for the calls matching the filter.
func (t *historyTab) load() {
	t.seq++
	seq := t.seq
	chosen := t.filters[max(t.filter.SelectedIndex(), 0)]
	f := chosen.filter
	f.Limit = historyLimit
	var calls []control.Call
	t.s.background(func() (err error) {
		calls, err = t.s.soc.History(f)
		return err
	}, func(err error) {
		if seq != t.seq {
			return
		}
		if err != nil {
			t.setStatus(lang.L("Loading history failed") + ": " + err.Error())
			return
		}
		t.calls = calls
		t.list.UnselectAll()
		t.selected = control.Call{}
		setVisible(t.actions, false, t.content.Refresh)
		t.list.Refresh()
		t.empty.SetText(chosen.empty)
		setVisible(t.empty, len(calls) == 0, nil)
	})
}

// choose selects call id and offers its actions.
func (t *historyTab) choose(id widget.ListItemID) {
	if id >= len(t.calls) {
		return
	}
	t.selected = t.calls[id]
	setVisible(t.actions, true, t.content.Refresh)
}

// dial calls the selected call's peer back.
func (t *historyTab) dial() {
	if t.selected.Peer == "" {
		return
	}
	if err := t.s.vm.Dial(t.selected.Peer); err != nil {
		t.setStatus(lang.L("Call failed") + ": " + err.Error())
	}
}

// setStatus shows a message above the list; "" hides it.
func (t *historyTab) setStatus(text string) {
	t.status.SetText(text)
	setVisible(t.status, text != "", t.content.Refresh)
}

// exportCSV lets the user pick where to save the history as CSV.
func (t *historyTab) exportCSV() {
	t.s.exportFile("history.csv", lang.L("History"), t.s.soc.ExportHistoryCSV, t.setStatus)
}

// callDuration is talk time as m:ss (h:mm:ss from an hour).
func callDuration(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
