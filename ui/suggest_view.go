package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// suggestView is the list under the number entry: contacts and history numbers matching
// what is typed, while there is no call. Lookups run on the view-model's worker, coalesced by
// a suggestQueue; a result for text no longer in the entry is dropped. Without a
// control.Social there is nothing to look up and the list never shows.
type suggestView struct {
	content *fyne.Container
	vm      *ViewModel
	soc     control.Social
	queue   suggestQueue
	entry   func() string       // the number entry's current text; UI thread only
	pick    func(number string) // a suggestion was tapped

	// UI thread only:
	shown   []suggestion
	buttons []*suggestButton
	changed func()               // the list was shown, hidden or refilled: lay the tab out again
	focus   func(fyne.Focusable) // moves keyboard focus (the window canvas's Focus); nil in tests without one
	backTo  fyne.Focusable       // where Escape or Up from the first suggestion returns: the entry
}

// newSuggestView builds the (hidden) list over vm's controller; entry reads the number
// entry's text, pick receives the number of a tapped suggestion and changed is told when the
// list's size changed.
func newSuggestView(vm *ViewModel, entry func() string, pick func(number string), changed func()) *suggestView {
	s := &suggestView{vm: vm, entry: entry, pick: pick, changed: changed}
	s.soc, _ = vm.ctrl.(control.Social)
	s.content = container.NewVBox()
	s.content.Hide()
	return s
}

// inCall reports whether a call is shown that the number entry is not for; UI thread only.
func (s *suggestView) inCall() bool {
	return s.vm.shown.call.canHangup || s.vm.shown.incoming.visible
}

// update follows the entry's text: it hides the list and, when there is text, no call and a
// database, asks for the matching suggestions. UI thread only.
func (s *suggestView) update(text string) {
	if s.soc == nil || s.inCall() {
		text = ""
	}
	if s.queue.request(text) {
		s.vm.work(s.lookup)
	}
	if text == "" {
		s.show(nil)
	}
}

// lookup runs on the worker: it reads contacts and history for the latest text and hands the
// ranked result to the UI thread.
func (s *suggestView) lookup() {
	text, seq, ok := s.queue.take()
	if !ok {
		return
	}
	contacts, err := s.soc.Contacts(text)
	if err != nil {
		s.vm.log.Info("suggest contacts", "query", text, "err", err)
	}
	calls, err := s.soc.History(control.HistoryFilter{Peer: text, Limit: suggestHistoryLimit})
	if err != nil {
		s.vm.log.Info("suggest history", "query", text, "err", err)
	}
	found := rankSuggestions(text, contacts, calls, maxSuggestions)
	s.vm.dispatch(func() { s.result(seq, text, found) })
}

// result shows found unless it is stale: a newer lookup was asked for, the entry no longer
// holds text, or a call came meanwhile. UI thread only.
func (s *suggestView) result(seq uint64, text string, found []suggestion) {
	if !s.queue.fresh(seq, text, s.entry()) || s.inCall() {
		return
	}
	s.show(found)
}

// show fills the list with found and shows it, or hides it when found is empty; UI thread
// only.
func (s *suggestView) show(found []suggestion) {
	if len(found) == 0 && len(s.shown) == 0 && !s.content.Visible() {
		return
	}
	s.shown = found
	s.buttons = s.buttons[:0]
	s.content.RemoveAll()
	for _, sg := range found {
		s.content.Add(s.newButton(sg))
	}
	if len(found) == 0 {
		s.content.Hide()
	} else {
		s.content.Show()
	}
	s.content.Refresh()
	if s.changed != nil {
		s.changed()
	}
}

// newButton is one suggestion: a contact or history icon, the name and the number.
func (s *suggestView) newButton(sg suggestion) *suggestButton {
	icon := theme.HistoryIcon()
	if sg.contact {
		icon = theme.AccountIcon()
	}
	text := sg.number
	if sg.name != "" && sg.name != sg.number {
		text = sg.name + "  " + sg.number
	}
	number := sg.number
	b := newSuggestButton(text, icon, func() { s.pick(number) }, s.move)
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	s.buttons = append(s.buttons, b)
	return b
}
