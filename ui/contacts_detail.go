package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// contactDetail is the card under the contact list for the selected contact: each number with
// Call and Chat, then Edit and Delete.
type contactDetail struct {
	t       *contactsTab
	content *fyne.Container
	contact control.Contact // ID 0 while nothing is selected
	calls   []*widget.Button
	chats   []*widget.Button
	edit    *widget.Button
	del     *widget.Button
}

// newContactDetail builds the (hidden) card.
func newContactDetail(t *contactsTab) *contactDetail {
	d := &contactDetail{t: t, content: container.NewVBox()}
	d.edit = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), func() { t.form.edit(d.contact) })
	d.del = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), d.confirmDelete)
	d.del.Importance = widget.DangerImportance
	d.content.Hide()
	return d
}

// show fills the card with c.
func (d *contactDetail) show(c control.Contact) {
	d.contact = c
	d.calls, d.chats = nil, nil
	name := widget.NewLabel(c.Name)
	name.TextStyle.Bold = true
	objs := []fyne.CanvasObject{widget.NewSeparator(), name}
	for _, n := range c.Numbers {
		number := n.Value
		call := widget.NewButtonWithIcon("", theme.MediaPlayIcon(), func() { d.call(number) })
		call.Importance = widget.SuccessImportance
		chat := widget.NewButtonWithIcon("", theme.MailComposeIcon(), func() { d.t.s.chatWith(number) })
		d.calls = append(d.calls, call)
		d.chats = append(d.chats, chat)
		text := number
		if n.Label != "" {
			text = n.Label + ": " + number
		}
		objs = append(objs, container.NewBorder(nil, nil, nil, container.NewHBox(call, chat), widget.NewLabel(text)))
	}
	if c.Email != "" {
		objs = append(objs, widget.NewLabel(c.Email))
	}
	objs = append(objs, container.NewGridWithColumns(2, d.edit, d.del))
	d.content.Objects = objs
	d.content.Show()
	d.content.Refresh()
	d.t.browse.Refresh()
}

// clear hides the card.
func (d *contactDetail) clear() {
	d.contact = control.Contact{}
	d.calls, d.chats = nil, nil
	d.content.Objects = nil
	if d.content.Visible() {
		d.content.Hide()
		d.t.browse.Refresh()
	}
}

// call dials number through the Phone tab's command path.
func (d *contactDetail) call(number string) {
	if err := d.t.s.vm.Dial(number); err != nil {
		d.t.setStatus(lang.L("Call failed") + ": " + err.Error())
	}
}

// confirmDelete asks before deleting the selected contact.
func (d *contactDetail) confirmDelete() {
	c := d.contact
	if c.ID == 0 {
		return
	}
	d.t.s.dlg.confirm(lang.L("Delete contact"), lang.L("Delete {{.Name}}?", map[string]any{"Name": c.Name}), func(ok bool) {
		if ok {
			d.t.remove(c)
		}
	})
}

// remove deletes c and reloads the list.
func (t *contactsTab) remove(c control.Contact) {
	t.s.background(func() error { return t.s.soc.DeleteContact(c.ID) }, func(err error) {
		if err != nil {
			t.setStatus(lang.L("Delete failed") + ": " + err.Error())
			return
		}
		t.setStatus("")
		t.detail.clear()
		t.load()
	})
}

// dialogs opens the window's dialogs; tests replace them.
type dialogs struct {
	// confirm asks a yes/no question and calls answer with the reply.
	confirm func(title, message string, answer func(bool))
	// askName asks a question with a name to fill in (filled with name); answer gets the name,
	// and false when dismissed.
	askName func(title, message, name string, answer func(name string, ok bool))
	// open lets the user pick a file to read; done gets nil, nil when cancelled.
	open func(ext string, done func(fyne.URIReadCloser, error))
	// save lets the user pick a file to write named name; done gets nil, nil when cancelled.
	save func(name string, done func(fyne.URIWriteCloser, error))
}

// newDialogs returns the real dialogs over win.
func newDialogs(win fyne.Window) dialogs {
	return dialogs{
		confirm: func(title, message string, answer func(bool)) {
			dlg := dialog.NewConfirm(title, message, answer, win)
			dlg.SetConfirmText(lang.L("Delete"))
			dlg.SetDismissText(lang.L("Cancel"))
			dlg.Show()
		},
		askName: func(title, message, name string, answer func(string, bool)) {
			entry := widget.NewEntry()
			entry.SetText(name)
			text := widget.NewLabel(message)
			text.Wrapping = fyne.TextWrapWord
			items := []*widget.FormItem{{Widget: text}, widget.NewFormItem(lang.L("Name"), entry)}
			dlg := dialog.NewForm(title, lang.L("Save"), lang.L("Not now"), items,
				func(ok bool) { answer(entry.Text, ok) }, win)
			dlg.Resize(fyne.NewSize(360, dlg.MinSize().Height))
			dlg.Show()
		},
		open: func(ext string, done func(fyne.URIReadCloser, error)) {
			dlg := dialog.NewFileOpen(done, win)
			dlg.SetFilter(storageFilter(ext))
			dlg.Show()
		},
		save: func(name string, done func(fyne.URIWriteCloser, error)) {
			dlg := dialog.NewFileSave(done, win)
			dlg.SetFileName(name)
			dlg.Show()
		},
	}
}
