package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// accountHint tells users without a SIP account what still works.
const accountHint = "No server? You can still call sip:user@host directly, or dial 'echo' to test your headset."

// accountTab is the Account tab: the SIP account form and Save & Register.
type accountTab struct {
	content     fyne.CanvasObject
	vm          *ViewModel
	server      *widget.Entry
	username    *widget.Entry
	password    *widget.Entry
	displayName *widget.Entry
	transport   *widget.Select
	errs        map[string]*widget.Label
	save        *widget.Button
	status      *widget.Label
	relayout    func()
}

// newAccountTab builds the form filled from the controller's current parameters.
func newAccountTab(vm *ViewModel) *accountTab {
	t := &accountTab{
		vm:          vm,
		server:      widget.NewEntry(),
		username:    widget.NewEntry(),
		password:    widget.NewPasswordEntry(),
		displayName: widget.NewEntry(),
		transport:   widget.NewSelect(transports(), nil),
		errs:        map[string]*widget.Label{},
		status:      widget.NewLabel(""),
	}
	t.server.PlaceHolder = lang.L("sip.example.com[:port]")
	t.save = widget.NewButtonWithIcon(lang.L("Save & Register"), theme.DocumentSaveIcon(), t.submit)
	t.save.Importance = widget.HighImportance
	t.status.Wrapping = fyne.TextWrapWord
	t.fill(vm.LoadAccount())
	// Enter in any field of the form does what Save & Register does, as in any login form.
	for _, e := range []*widget.Entry{t.server, t.username, t.password, t.displayName} {
		e.OnSubmitted = func(string) {
			if !t.save.Disabled() {
				t.submit()
			}
		}
	}

	inputs := map[string]fyne.CanvasObject{
		paramServer: t.server, paramUsername: t.username, paramPassword: t.password,
		paramDisplayName: t.displayName, paramTransport: t.transport,
	}
	form := container.New(layout.NewFormLayout())
	for _, f := range accountFields() {
		e := widget.NewLabel("")
		e.Importance = widget.DangerImportance
		e.Wrapping = fyne.TextWrapWord
		e.Hide()
		t.errs[f.param] = e
		form.Add(widget.NewLabel(f.label))
		cell := container.NewVBox(inputs[f.param], e)
		if vm.locked(f.param) {
			cell.Add(lockControl(inputs[f.param]))
		}
		form.Add(cell)
	}
	hint := widget.NewLabel(lang.L(accountHint))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	body := container.NewVBox(form, t.save, t.status, widget.NewSeparator(), hint)
	scroll := container.NewVScroll(body)
	t.content = scroll
	t.relayout = relayout(nil, form, body, scroll)
	return t
}

// fill puts a into the form.
func (t *accountTab) fill(a Account) {
	t.server.SetText(a.Server)
	t.username.SetText(a.Username)
	t.password.SetText(a.Password)
	t.displayName.SetText(a.DisplayName)
	t.transport.SetSelected(a.Transport)
}

// form reads the form.
func (t *accountTab) form() Account {
	return Account{
		Server:      t.server.Text,
		Username:    t.username.Text,
		Password:    t.password.Text,
		DisplayName: t.displayName.Text,
		Transport:   t.transport.Selected,
	}
}

// submit saves the form and registers off the UI thread; the outcome, with field errors
// next to their fields, arrives in saved.
func (t *accountTab) submit() {
	for _, e := range t.errs {
		e.SetText("")
		e.Hide()
	}
	t.save.Disable()
	t.status.SetText(lang.L("Saving..."))
	t.relayout()
	t.vm.SaveAccount(t.form(), t.saved)
}

// saved shows the outcome of a save; UI thread only.
func (t *accountTab) saved(err error) {
	t.save.Enable()
	ae, fieldErrs := errorsAsAccount(err)
	switch {
	case fieldErrs:
		for param, ferr := range ae.Fields {
			if e := t.errs[param]; e != nil {
				e.SetText(ferr.Error())
				e.Show()
			}
		}
		t.status.SetText(lang.L("Not saved: correct the fields marked above."))
	case err != nil:
		t.status.SetText(lang.L("Saved, but ") + err.Error())
	default:
		t.status.SetText(lang.L("Saved."))
	}
	t.relayout()
}
