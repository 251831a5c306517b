package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// conversationView is one open conversation: its messages with their delivery state and a
// compose box.
type conversationView struct {
	t       *chatTab
	content fyne.CanvasObject
	back    *widget.Button
	title   *widget.Label
	box     *fyne.Container // one messageRow per message
	scroll  *container.Scroll
	rows    []messageRow
	compose *widget.Entry
	send    *widget.Button
}

// messageRow is one message as shown: its text and its time and delivery state.
type messageRow struct {
	text  *widget.Label
	state *widget.Label
}

// newConversationView builds the (hidden) view.
func newConversationView(t *chatTab) *conversationView {
	v := &conversationView{t: t, title: widget.NewLabel(""), box: container.NewVBox()}
	v.title.TextStyle.Bold = true
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.back = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), t.closeConversation)
	v.scroll = container.NewVScroll(v.box)
	v.compose = widget.NewEntry()
	v.compose.SetPlaceHolder(lang.L("Message"))
	v.compose.OnSubmitted = func(string) { v.submit() }
	v.send = widget.NewButtonWithIcon(lang.L("Send"), theme.MailSendIcon(), v.submit)
	v.send.Importance = widget.HighImportance
	v.content = container.NewBorder(
		container.NewBorder(nil, nil, v.back, nil, v.title),
		container.NewBorder(nil, nil, nil, v.send, v.compose),
		nil, nil, v.scroll)
	return v
}

// open loads peer's conversation (which marks it read) and shows it in place of the list.
func (t *chatTab) open(peer string) {
	var msgs []control.Message
	t.s.background(func() (err error) {
		msgs, err = t.s.soc.Conversation(peer, conversationLimit)
		return err
	}, func(err error) {
		if err != nil {
			t.setStatus(lang.L("Loading the conversation failed") + ": " + err.Error())
			return
		}
		t.setStatus("")
		t.model.open(peer, msgs)
		t.conv.title.SetText(peer)
		t.conv.refresh()
		t.browse.Hide()
		t.conv.content.Show()
		t.content.Refresh()
		t.changed()
	})
}

// markRead tells the phone the user has seen peer's conversation.
func (t *chatTab) markRead(peer string) {
	t.s.background(func() error {
		_, err := t.s.soc.Conversation(peer, 1)
		return err
	}, func(error) {})
}

// closeConversation goes back to the conversation list.
func (t *chatTab) closeConversation() {
	t.model.closeConversation()
	t.conv.content.Hide()
	t.browse.Show()
	t.content.Refresh()
}

// refresh rebuilds the message rows from the model and scrolls to the newest.
func (v *conversationView) refresh() {
	msgs := v.t.model.msgs
	v.rows = v.rows[:0]
	objs := make([]fyne.CanvasObject, 0, len(msgs))
	for _, m := range msgs {
		r := messageRow{text: widget.NewLabel(m.Text), state: widget.NewLabel(messageState(m))}
		r.text.Wrapping = fyne.TextWrapWord
		r.state.SizeName = theme.SizeNameCaptionText
		if !m.Incoming {
			r.text.Alignment = fyne.TextAlignTrailing
			r.state.Alignment = fyne.TextAlignTrailing
		}
		if m.State == control.MessageFailed {
			r.state.Importance = widget.DangerImportance
		}
		v.rows = append(v.rows, r)
		objs = append(objs, container.NewVBox(r.text, r.state))
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel(lang.L("No messages yet. Say hello!")))
	}
	v.box.Objects = objs
	v.box.Refresh()
	v.scroll.ScrollToBottom()
}

// messageState is a message's time and delivery state: "10:04 · Sent", "Failed: 480 ...".
func messageState(m control.Message) string {
	var state string
	switch m.State {
	case control.MessageSending:
		state = lang.L("Sending…")
	case control.MessageSent:
		state = lang.L("Sent")
	case control.MessageFailed:
		state = lang.L("Failed")
		if m.Reason != "" {
			state += ": " + m.Reason
		}
	}
	if m.Time.IsZero() {
		return state
	}
	if state == "" {
		return m.Time.Format("15:04")
	}
	return m.Time.Format("15:04") + " · " + state
}

// submit sends the compose box's text to the open conversation's peer.
func (v *conversationView) submit() {
	text := strings.TrimSpace(v.compose.Text)
	peer := v.t.model.peer
	if text == "" || peer == "" {
		return
	}
	v.compose.SetText("")
	local := control.Chat{Peer: peer, Text: text, State: control.MessageSending, Time: v.t.s.vm.now()}
	v.t.receive(local)
	v.t.s.background(func() error { return v.t.s.soc.SendChat(peer, text) }, func(err error) {
		if err == nil {
			return
		}
		failed := local
		failed.State, failed.Reason = control.MessageFailed, err.Error()
		v.t.receive(failed)
	})
}
