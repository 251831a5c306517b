package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// ErrNoName is returned when a contact is saved with neither a name nor a number.
var ErrNoName = errors.New("a contact needs a name or a number")

// numberLabels returns the labels offered for a contact's numbers; any text is accepted.
func numberLabels() []string { return []string{"work", "cell", "home", "sip"} }

// numberRow is one number in the contact form.
type numberRow struct {
	content *fyne.Container
	label   *widget.SelectEntry
	value   *widget.Entry
	remove  *widget.Button
}

// contactForm adds or edits a contact; it replaces the list while open.
type contactForm struct {
	t        *contactsTab
	content  fyne.CanvasObject
	title    *widget.Label
	id       int64
	name     *widget.Entry
	numbers  []*numberRow
	numBox   *fyne.Container
	email    *widget.Entry
	notes    *widget.Entry
	presence *widget.Check
	addNum   *widget.Button
	save     *widget.Button
	cancel   *widget.Button
	errText  *widget.Label
}

// newContactForm builds the (hidden) form.
func newContactForm(t *contactsTab) *contactForm {
	f := &contactForm{t: t, title: widget.NewLabel(""), numBox: container.NewVBox()}
	f.title.TextStyle.Bold = true
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(lang.L("Name"))
	f.email = widget.NewEntry()
	f.email.SetPlaceHolder(lang.L("Email"))
	f.notes = widget.NewMultiLineEntry()
	f.notes.SetPlaceHolder(lang.L("Notes"))
	f.presence = widget.NewCheck(lang.L("Show presence"), nil)
	f.addNum = widget.NewButtonWithIcon(lang.L("Add number"), theme.ContentAddIcon(), func() { f.addNumber(control.Number{}) })
	f.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.cancel = widget.NewButton(lang.L("Cancel"), f.close)
	f.errText = widget.NewLabel("")
	f.errText.Importance = widget.DangerImportance
	f.errText.Hide()
	body := container.NewVBox(f.title, f.name, f.numBox, f.addNum, f.email, f.notes, f.presence, f.errText)
	f.content = container.NewBorder(nil, container.NewGridWithColumns(2, f.cancel, f.save), nil, nil,
		container.NewVScroll(body))
	return f
}

// edit opens the form on c; a zero ID adds a new contact.
func (f *contactForm) edit(c control.Contact) {
	f.id = c.ID
	f.title.SetText(lang.L("Edit contact"))
	if c.ID == 0 {
		f.title.SetText(lang.L("New contact"))
	}
	f.name.SetText(c.Name)
	f.email.SetText(c.Email)
	f.notes.SetText(c.Notes)
	f.presence.SetChecked(c.Presence)
	f.numbers = nil
	f.numBox.Objects = nil
	for _, n := range c.Numbers {
		f.addNumber(n)
	}
	if len(c.Numbers) == 0 {
		f.addNumber(control.Number{})
	}
	f.errText.Hide()
	f.t.browse.Hide()
	f.content.Show()
	f.t.content.Refresh()
}

// create opens the form for a new contact with name and number filled in.
func (t *contactsTab) create(name, number string) {
	c := control.Contact{Name: name}
	if number != "" {
		c.Numbers = []control.Number{{Value: number}}
	}
	t.form.edit(c)
}

// addNumber appends a number row.
func (f *contactForm) addNumber(n control.Number) {
	r := &numberRow{label: widget.NewSelectEntry(numberLabels()), value: widget.NewEntry()}
	r.label.SetText(n.Label)
	r.label.SetPlaceHolder(lang.L("Label"))
	r.value.SetText(n.Value)
	r.value.SetPlaceHolder(lang.L("Number or SIP address"))
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { f.removeNumber(r) })
	r.content = container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(100, r.label.MinSize().Height), r.label),
		r.remove, r.value)
	f.numbers = append(f.numbers, r)
	f.numBox.Add(r.content)
}

// removeNumber drops row r.
func (f *contactForm) removeNumber(r *numberRow) {
	for i, x := range f.numbers {
		if x == r {
			f.numbers = append(f.numbers[:i], f.numbers[i+1:]...)
			break
		}
	}
	f.numBox.Remove(r.content)
}

// contact reads the form; empty number rows are dropped.
func (f *contactForm) contact() (control.Contact, error) {
	c := control.Contact{
		ID: f.id, Name: strings.TrimSpace(f.name.Text), Email: strings.TrimSpace(f.email.Text),
		Notes: strings.TrimSpace(f.notes.Text), Presence: f.presence.Checked,
	}
	for _, r := range f.numbers {
		if v := strings.TrimSpace(r.value.Text); v != "" {
			c.Numbers = append(c.Numbers, control.Number{Label: strings.TrimSpace(r.label.Text), Value: v})
		}
	}
	if c.Name == "" && len(c.Numbers) == 0 {
		return c, ErrNoName
	}
	if c.Name == "" {
		c.Name = c.Numbers[0].Value
	}
	return c, nil
}

// submit saves the contact and goes back to the list.
func (f *contactForm) submit() {
	c, err := f.contact()
	if err != nil {
		f.showError(err.Error())
		return
	}
	f.save.Disable()
	f.t.s.background(func() (err error) {
		c.ID, err = f.t.s.soc.SaveContact(c)
		return err
	}, func(err error) {
		f.save.Enable()
		if err != nil {
			f.showError(lang.L("Save failed") + ": " + err.Error())
			return
		}
		f.close()
		f.t.detail.contact = c // reselected after the reload
		f.t.load()
	})
}

// showError shows text under the form.
func (f *contactForm) showError(text string) {
	f.errText.SetText(text)
	f.errText.Show()
	f.content.Refresh()
}

// close hides the form and shows the list again.
func (f *contactForm) close() {
	f.content.Hide()
	f.t.browse.Show()
	f.t.content.Refresh()
}
