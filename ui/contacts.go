package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// contactsTab is the Contacts tab: search as you type, the list with presence dots, the
// selected contact's numbers with Call and Chat, and the add/edit form.
type contactsTab struct {
	s        *socialTabs
	content  *fyne.Container
	browse   fyne.CanvasObject // search, list and detail; hidden while the form is open
	search   *widget.Entry
	add      *widget.Button
	vcardIn  *widget.Button
	vcardOut *widget.Button
	status   *widget.Label
	empty    *widget.Label
	list     *widget.List
	detail   *contactDetail
	form     *contactForm
	dots     *presenceDots
	contacts []control.Contact
	seq      int    // generation of the latest search, so stale answers are dropped
	watched  string // the users last passed to CheckPresence
}

// newContactsTab builds the tab; attach loads it.
func newContactsTab(s *socialTabs) *contactsTab {
	t := &contactsTab{s: s, dots: newPresenceDots()}
	t.search = widget.NewEntry()
	t.search.SetPlaceHolder(lang.L("Search contacts"))
	t.search.OnChanged = func(string) { t.load() }
	t.add = widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { t.create("", "") })
	t.vcardIn = widget.NewButtonWithIcon("", theme.FolderOpenIcon(), t.importVCard)
	t.vcardOut = widget.NewButtonWithIcon("", theme.DocumentSaveIcon(), t.exportVCard)
	t.status = widget.NewLabel("")
	t.status.Wrapping = fyne.TextWrapWord
	t.status.Hide()
	t.empty = widget.NewLabel("")
	t.empty.Alignment = fyne.TextAlignCenter
	t.empty.Wrapping = fyne.TextWrapWord
	t.list = widget.NewList(func() int { return len(t.contacts) }, newContactRow, t.updateRow)
	t.list.OnSelected = func(id widget.ListItemID) { t.detail.show(t.contacts[id]) }
	t.detail = newContactDetail(t)
	t.form = newContactForm(t)
	t.form.content.Hide()
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(t.add, t.vcardIn, t.vcardOut), t.search),
		t.status,
	)
	t.browse = container.NewBorder(top, t.detail.content, nil, nil, container.NewStack(t.list, t.empty))
	t.content = container.NewStack(t.browse, t.form.content)
	return t
}

// newContactRow is one list row: presence dot, name and first number.
func newContactRow() fyne.CanvasObject {
	dot := canvas.NewCircle(theme.Color(theme.ColorNameDisabled))
	name := widget.NewLabel("")
	name.TextStyle.Bold = true
	name.Truncation = fyne.TextTruncateEllipsis
	number := widget.NewLabel("")
	dotBox := container.NewCenter(container.NewGridWrap(fyne.NewSize(12, 12), dot))
	return container.NewBorder(nil, nil, dotBox, number, name)
}

// updateRow fills row id.
func (t *contactsTab) updateRow(id widget.ListItemID, row fyne.CanvasObject) {
	if id >= len(t.contacts) {
		return
	}
	c := t.contacts[id]
	objs := row.(*fyne.Container).Objects
	objs[0].(*widget.Label).SetText(c.Name)
	objs[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle).FillColor =
		statusColor(t.dots.status(c))
	objs[1].Refresh()
	objs[2].(*widget.Label).SetText(firstNumber(c))
}

// load asks the controller for the contacts matching the search text.
func (t *contactsTab) load() {
	t.seq++
	seq, query := t.seq, strings.TrimSpace(t.search.Text)
	var found []control.Contact
	t.s.background(func() (err error) {
		found, err = t.s.soc.Contacts(query)
		return err
	}, func(err error) {
		if seq != t.seq {
			return
		}
		if err != nil {
			t.setStatus(lang.L("Loading contacts failed") + ": " + err.Error())
			return
		}
		t.show(query, found)
	})
}

// show puts found into the list, keeps the selected contact when it is still there, and
// watches the presence of contacts that ask for it.
func (t *contactsTab) show(query string, found []control.Contact) {
	selected := t.detail.contact.ID
	t.contacts = found
	t.list.UnselectAll()
	t.detail.clear()
	t.list.Refresh()
	switch {
	case len(found) > 0:
		t.empty.Hide()
	case query == "":
		t.empty.SetText(lang.L("No contacts yet. Add one with +."))
		t.empty.Show()
	default:
		t.empty.SetText(fmt.Sprintf(lang.L("No contacts match %q."), query))
		t.empty.Show()
	}
	if i := slices.IndexFunc(found, func(c control.Contact) bool { return c.ID == selected }); selected != 0 && i >= 0 {
		t.list.Select(i)
	}
	if query == "" {
		t.watch(found)
	}
}

// watch asks the phone for the presence of every contact marked for it, when that set changed.
func (t *contactsTab) watch(all []control.Contact) {
	var users []string
	for _, c := range all {
		if c.Presence {
			for _, n := range c.Numbers {
				users = append(users, n.Value)
			}
		}
	}
	list := strings.Join(users, ",")
	if list == t.watched || list == "" {
		return
	}
	t.watched = list
	t.s.background(func() error { return t.s.soc.CheckPresence(list) }, func(err error) {
		if err != nil {
			t.setStatus(lang.L("Presence") + ": " + err.Error())
		}
	})
}

// setStatus shows a message above the list; "" hides it.
func (t *contactsTab) setStatus(text string) {
	t.status.SetText(text)
	setVisible(t.status, text != "", t.browse.Refresh)
}

// firstNumber is the contact's first number, "" when it has none.
func firstNumber(c control.Contact) string {
	if len(c.Numbers) == 0 {
		return ""
	}
	return c.Numbers[0].Value
}
