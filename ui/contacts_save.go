package ui

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// askToSave asks whether to save number, a number called that no contact holds
// (savetocontacts 1), with a name to fill in (the number until a user types one); Save adds
// the contact and reloads the list, Not now leaves the contacts as they are. UI thread only.
func (t *contactsTab) askToSave(number string) {
	if number == "" || t.s.dlg.askName == nil {
		return
	}
	title := lang.L("Save to contacts")
	message := lang.L("Save {{.Number}} to your contacts?", map[string]any{"Number": number})
	t.s.dlg.askName(title, message, number, func(name string, ok bool) {
		if !ok {
			return
		}
		c := control.Contact{Name: strings.TrimSpace(name), Numbers: []control.Number{{Label: "sip", Value: number}}}
		if c.Name == "" {
			c.Name = number
		}
		t.s.background(func() (err error) {
			c.ID, err = t.s.soc.SaveContact(c)
			return err
		}, func(err error) {
			if err != nil {
				t.setStatus(lang.L("Save failed") + ": " + err.Error())
				return
			}
			t.setStatus("")
			t.load()
		})
	})
}
