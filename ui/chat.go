package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// conversationLimit is how many messages of a conversation are shown.
const conversationLimit = 200

// chatTab is the Chat tab: the conversation list with unread badges and a New chat field;
// choosing a conversation opens it in place of the list.
type chatTab struct {
	s       *socialTabs
	model   chatModel
	content *fyne.Container
	browse  fyne.CanvasObject
	to      *widget.Entry
	start   *widget.Button
	list    *widget.List
	empty   *widget.Label
	status  *widget.Label
	conv    *conversationView
	shown   bool // the Chat tab is selected
}

// newChatTab builds the tab; attach loads it.
func newChatTab(s *socialTabs) *chatTab {
	t := &chatTab{s: s}
	t.to = widget.NewEntry()
	t.to.SetPlaceHolder(lang.L("Number or SIP address"))
	t.to.OnSubmitted = func(string) { t.startChat() }
	t.start = widget.NewButtonWithIcon(lang.L("Chat"), theme.MailComposeIcon(), t.startChat)
	t.list = widget.NewList(func() int { return len(t.model.convs) }, newConversationRow, t.updateRow)
	t.list.OnSelected = func(id widget.ListItemID) {
		t.list.Unselect(id)
		if id < len(t.model.convs) {
			t.open(t.model.convs[id].Peer)
		}
	}
	t.empty = widget.NewLabel(lang.L("No conversations yet. Type a number above to start one."))
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Alignment = fyne.TextAlignCenter
	t.status = widget.NewLabel("")
	t.status.Importance = widget.DangerImportance
	t.status.Wrapping = fyne.TextWrapWord
	t.status.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, nil, t.start, t.to), t.status)
	t.browse = container.NewBorder(top, nil, nil, nil, container.NewStack(t.list, t.empty))
	t.conv = newConversationView(t)
	t.conv.content.Hide()
	t.content = container.NewStack(t.browse, t.conv.content)
	return t
}

// newConversationRow is one conversation: peer, last message and unread badge.
func newConversationRow() fyne.CanvasObject {
	peer := widget.NewLabel("")
	peer.TextStyle.Bold = true
	last := widget.NewLabel("")
	last.Truncation = fyne.TextTruncateEllipsis
	badge := widget.NewLabel("")
	badge.Importance = widget.HighImportance
	badge.TextStyle.Bold = true
	return container.NewBorder(nil, nil, nil, badge, container.NewVBox(peer, last))
}

// updateRow fills row id.
func (t *chatTab) updateRow(id widget.ListItemID, row fyne.CanvasObject) {
	if id >= len(t.model.convs) {
		return
	}
	c := t.model.convs[id]
	objs := row.(*fyne.Container).Objects
	texts := objs[0].(*fyne.Container).Objects
	texts[0].(*widget.Label).SetText(c.Peer)
	texts[1].(*widget.Label).SetText(lastLine(c.Last))
	badge := objs[1].(*widget.Label)
	badge.SetText(unreadBadge(c.Unread))
}

// unreadBadge is the badge text for n unread messages; "" for none.
func unreadBadge(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// lastLine is the preview of a conversation's newest message.
func lastLine(m control.Message) string {
	text := strings.Join(strings.Fields(m.Text), " ")
	if !m.Incoming && m.Text != "" {
		text = lang.L("You") + ": " + text
	}
	return text
}

// loadConversations asks the controller for the conversation list.
func (t *chatTab) loadConversations() {
	var convs []control.ConversationSummary
	t.s.background(func() (err error) {
		convs, err = t.s.soc.Conversations()
		return err
	}, func(err error) {
		if err != nil {
			t.setStatus(lang.L("Loading conversations failed") + ": " + err.Error())
			return
		}
		t.model.setConversations(convs)
		t.changed()
	})
}

// startChat opens the conversation with the number typed in the New chat field.
func (t *chatTab) startChat() {
	peer := strings.TrimSpace(t.to.Text)
	if peer == "" {
		t.setStatus(lang.L("Type a number or SIP address to chat with."))
		return
	}
	t.to.SetText("")
	t.open(peer)
}

// receive folds a chat event into the tab.
func (t *chatTab) receive(c control.Chat) {
	if t.model.apply(c, t.shown) {
		t.conv.refresh()
		if c.Incoming && t.shown {
			t.markRead(t.model.peer)
		}
	}
	t.changed()
}

// visible records whether the Chat tab is selected; showing it marks the open
// conversation read.
func (t *chatTab) visible(on bool) {
	t.shown = on
	if on && t.model.peer != "" {
		if i := t.model.find(t.model.peer); i >= 0 && t.model.convs[i].Unread > 0 {
			t.open(t.model.peer)
		}
	}
}

// changed refreshes the list, the empty state and the tab title after the model changed.
func (t *chatTab) changed() {
	t.list.Refresh()
	setVisible(t.empty, len(t.model.convs) == 0, nil)
	t.s.setChatTitle(t.model.unread())
}

// setStatus shows a message above the list; "" hides it.
func (t *chatTab) setStatus(text string) {
	t.status.SetText(text)
	setVisible(t.status, text != "", t.browse.Refresh)
}
