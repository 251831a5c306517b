package phone

import (
	"errors"
	"io"

	"softphone/phone/control"
	"softphone/phone/store"
)

// Contacts: the address book in the store, vCard import and export, offering to save a number
// we called, and watching the presence of contacts marked for it.

// Contacts returns the contacts matching query (all when empty).
func (p *Phone) Contacts(query string) ([]control.Contact, error) {
	var out []control.Contact
	err := p.withStore(func(s *store.Store) (err error) { out, err = s.Contacts(query); return })
	return out, err
}

// SaveContact adds or updates a contact and returns its id.
func (p *Phone) SaveContact(c control.Contact) (int64, error) {
	var id int64
	err := p.withStore(func(s *store.Store) (err error) { id, err = s.SaveContact(c); return })
	return id, err
}

// DeleteContact removes a contact.
func (p *Phone) DeleteContact(id int64) error {
	return p.withStore(func(s *store.Store) error { return s.DeleteContact(id) })
}

// offerToSave applies savetocontacts to a number we called that no contact holds:
// 2 saves it named by the number, 1 asks (KindSaveContact, which the window turns into a
// question with a name to fill in). Owner goroutine.
func (p *Phone) offerToSave(c *call) {
	mode := p.params.Get("savetocontacts")
	if p.store == nil || mode == "0" || c.dir != control.DirectionOutgoing || c.echo {
		return
	}
	if found, err := p.store.ContactByNumber(c.peer); err == nil && found != nil || err != nil && !errors.Is(err, store.ErrNotFound) {
		return
	}
	if mode == "2" {
		if _, err := p.store.SaveContact(control.Contact{Name: c.peer, Numbers: []control.Number{{Label: "sip", Value: c.peer}}}); err != nil {
			p.notice(control.KindError, "Could not save %s to the contacts: %v", c.peer, err)
		}
		return
	}
	p.publish(control.Event{Kind: control.KindSaveContact, Message: c.peer, Notification: "SAVECONTACT," + c.peer})
}

// watchContacts subscribes to the presence of contacts marked for it. Owner goroutine.
func (p *Phone) watchContacts() {
	if p.store == nil {
		return
	}
	list, err := p.store.Contacts("")
	if err != nil {
		return
	}
	for _, c := range list {
		if c.Presence && len(c.Numbers) > 0 {
			if err := p.subscribe("presence", c.Numbers[0].Value); err != nil {
				p.log.Info("presence of contact", "name", c.Name, "error", err)
			}
		}
	}
}

// ImportVCard adds the contacts of a vCard 3 or 4 stream and returns how many.
func (p *Phone) ImportVCard(r io.Reader) (int, error) {
	var n int
	err := p.withStore(func(s *store.Store) (err error) { n, err = s.ImportVCard(r); return })
	return n, err
}

// ExportVCard writes every contact as vCard 4.0.
func (p *Phone) ExportVCard(w io.Writer) error {
	return p.withStore(func(s *store.Store) error { return s.ExportVCard(w) })
}
