package ui

import (
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// noDatabaseText is what the Contacts, Chat and History tabs show when the controller keeps
// no database.
const noDatabaseText = "History, contacts and chat need a database (parameter database)"

// socialSink receives the chat, presence, BLF and CDR events on the view-model's event
// goroutine.
type socialSink func(e control.Event)

// isSocial reports whether events of kind k belong to the Contacts, Chat and History tabs.
func isSocial(k control.Kind) bool {
	switch k {
	case control.KindChat, control.KindPresence, control.KindBLF, control.KindCDR, control.KindSaveContact:
		return true
	}
	return false
}

// socialTabs holds the Contacts, Chat and History tabs and routes events and cross-tab
// actions (chat with a contact, add a caller to contacts) between them.
type socialTabs struct {
	vm       *ViewModel
	soc      control.Social // nil when the controller keeps no database
	contacts *contactsTab
	chat     *chatTab
	history  *historyTab
	items    [3]*container.TabItem // Contacts, Chat, History
	tabs     *container.AppTabs
	dlg      dialogs // confirmations and file pickers; tests replace them

	mu        sync.Mutex
	pending   []control.Event
	scheduled bool
}

// newSocialTabs builds the three tabs over vm's controller; dlg asks and picks files.
func newSocialTabs(vm *ViewModel, dlg dialogs) *socialTabs {
	s := &socialTabs{vm: vm, dlg: dlg}
	s.soc, _ = vm.ctrl.(control.Social)
	var contacts, chat, history fyne.CanvasObject
	if s.soc == nil {
		contacts, chat, history = noDatabase(), noDatabase(), noDatabase()
	} else {
		s.contacts = newContactsTab(s)
		s.chat = newChatTab(s)
		s.history = newHistoryTab(s)
		contacts, chat, history = s.contacts.content, s.chat.content, s.history.content
	}
	s.items = [3]*container.TabItem{
		container.NewTabItemWithIcon(lang.L("Contacts"), theme.AccountIcon(), contacts),
		container.NewTabItemWithIcon(lang.L("Chat"), theme.MailComposeIcon(), chat),
		container.NewTabItemWithIcon(lang.L("History"), theme.HistoryIcon(), history),
	}
	vm.onSocial = s.receive
	return s
}

// noDatabase is the placeholder shown instead of a tab that needs the database.
func noDatabase() fyne.CanvasObject {
	l := widget.NewLabel(lang.L(noDatabaseText))
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return container.NewVBox(l)
}

// attach remembers the window's tabs so actions can switch between them, and loads the
// tabs' data. It keeps any OnSelected handler already set.
func (s *socialTabs) attach(tabs *container.AppTabs) {
	s.tabs = tabs
	if s.soc == nil {
		return
	}
	prev := tabs.OnSelected
	tabs.OnSelected = func(item *container.TabItem) {
		if prev != nil {
			prev(item)
		}
		s.chat.visible(item == s.items[1])
	}
	s.contacts.load()
	s.chat.loadConversations()
	s.history.load()
}

// show selects tab i (0 Contacts, 1 Chat, 2 History).
func (s *socialTabs) show(i int) {
	if s.tabs != nil {
		s.tabs.Select(s.items[i])
	}
}

// chatWith opens the conversation with number on the Chat tab.
func (s *socialTabs) chatWith(number string) {
	s.chat.open(number)
	s.show(1)
}

// addContact opens the contact form for a new contact with name and number filled in.
func (s *socialTabs) addContact(name, number string) {
	s.contacts.create(name, number)
	s.show(0)
}

// setChatTitle shows the unread count in the Chat tab's title.
func (s *socialTabs) setChatTitle(unread int) {
	text := lang.L("Chat")
	if unread > 0 {
		text = lang.L("Chat ({{.Unread}})", map[string]any{"Unread": strconv.Itoa(unread)})
	}
	if s.items[1].Text == text {
		return
	}
	s.items[1].Text = text
	if s.tabs != nil {
		s.tabs.Refresh()
	}
}

// background runs fn on the command worker, then done with its error on the UI thread.
func (s *socialTabs) background(fn func() error, done func(error)) {
	s.vm.work(func() {
		err := fn()
		if err != nil {
			s.vm.log.Info("social command failed", "err", err)
		}
		s.vm.dispatch(func() { done(err) })
	})
}
