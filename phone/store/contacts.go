package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"softphone/phone/control"
)

// validateContact trims c and reports the first field that cannot be stored.
func validateContact(c *control.Contact) error {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		return invalidf("contact name is required")
	}
	for i := range c.Numbers {
		n := &c.Numbers[i]
		n.Label, n.Value = strings.TrimSpace(n.Label), strings.TrimSpace(n.Value)
		if n.Value == "" {
			return invalidf("contact %q number %d is empty", c.Name, i+1)
		}
	}
	return nil
}

// searchText is what Contacts matches a query against.
func searchText(c *control.Contact) string {
	parts := []string{c.Name, c.Email}
	for _, n := range c.Numbers {
		full, _ := normalizeNumber(n.Value)
		parts = append(parts, n.Value, full)
	}
	return Fold(strings.Join(parts, "\n"))
}

// SaveContact inserts c (ID 0) or replaces the contact with c.ID, numbers
// included, and returns its ID. The name is required.
func (s *Store) SaveContact(c control.Contact) (int64, error) {
	if err := validateContact(&c); err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return 0, s.wrap("save contact", err)
	}
	defer tx.Rollback()
	id, err := saveContactTx(tx, c)
	if err != nil {
		return 0, s.wrap("save contact "+fmt.Sprintf("%q", c.Name), err)
	}
	if err := tx.Commit(); err != nil {
		return 0, s.wrap("save contact", err)
	}
	return id, nil
}

// saveContactTx writes a validated contact inside tx.
func saveContactTx(tx *sql.Tx, c control.Contact) (int64, error) {
	if c.ID == 0 {
		res, err := tx.Exec(`INSERT INTO contacts (name, email, notes, favourite, presence, search)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Name, c.Email, c.Notes, b2i(c.Favourite), b2i(c.Presence), searchText(&c))
		if err != nil {
			return 0, err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else {
		res, err := tx.Exec(`UPDATE contacts SET name = ?, email = ?, notes = ?, favourite = ?, presence = ?, search = ?
			WHERE id = ?`, c.Name, c.Email, c.Notes, b2i(c.Favourite), b2i(c.Presence), searchText(&c), c.ID)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("%w: contact %d", ErrNotFound, c.ID)
		}
		if _, err := tx.Exec(`DELETE FROM contact_numbers WHERE contact_id = ?`, c.ID); err != nil {
			return 0, err
		}
	}
	for i, n := range c.Numbers {
		full, user := normalizeNumber(n.Value)
		if _, err := tx.Exec(`INSERT INTO contact_numbers (contact_id, pos, label, value, norm, user)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, i, n.Label, n.Value, full, user); err != nil {
			return 0, err
		}
	}
	return c.ID, nil
}

// DeleteContact removes a contact and its numbers; ErrNotFound if absent.
func (s *Store) DeleteContact(id int64) error {
	res, err := s.db.Exec(`DELETE FROM contacts WHERE id = ?`, id)
	if err != nil {
		return s.wrap("delete contact", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: contact %d", ErrNotFound, id)
	}
	return nil
}

// Contacts returns contacts whose name, email or numbers contain query
// (case and accent insensitive for any script: "zoe" finds "Zoë", "ярослав"
// finds "Ярослав"; "555-12" finds "+1 555 1234"), favourites first, then by
// name. An empty query returns every contact.
func (s *Store) Contacts(query string) ([]control.Contact, error) {
	q := Fold(strings.TrimSpace(query))
	_, digits := normalizeNumber(query)
	if digits == "" {
		digits = q
	}
	where, args := "", []any{}
	if q != "" {
		where, args = " WHERE instr(search, ?) > 0 OR instr(search, ?) > 0", []any{q, digits}
	}
	return s.loadContacts(where, args...)
}

// Contact returns the contact with id, or ErrNotFound.
func (s *Store) Contact(id int64) (*control.Contact, error) {
	cs, err := s.loadContacts(" WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("%w: contact %d", ErrNotFound, id)
	}
	return &cs[0], nil
}

// ContactByNumber finds the contact owning number (a phone number or SIP
// URI, as it arrives in a call or message): an exact address match first,
// then the user part alone ("sip:1001@pbx" finds a contact saved as "1001").
func (s *Store) ContactByNumber(number string) (*control.Contact, error) {
	full, user := normalizeNumber(number)
	if user == "" {
		return nil, invalidf("number %q is empty", number)
	}
	var id int64
	err := s.db.QueryRow(`SELECT contact_id FROM contact_numbers WHERE norm = ? ORDER BY contact_id LIMIT 1`, full).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.QueryRow(`SELECT contact_id FROM contact_numbers WHERE user = ? OR norm = ?
			ORDER BY contact_id LIMIT 1`, user, user).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: no contact with number %q", ErrNotFound, number)
	}
	if err != nil {
		return nil, s.wrap("find contact by number", err)
	}
	return s.Contact(id)
}

// loadContacts reads the contacts selected by where (and their numbers)
// without nesting queries.
func (s *Store) loadContacts(where string, args ...any) ([]control.Contact, error) {
	rows, err := s.db.Query(`SELECT id, name, email, notes, favourite, presence FROM contacts`+where+
		` ORDER BY favourite DESC, search, id`, args...)
	if err != nil {
		return nil, s.wrap("read contacts", err)
	}
	var out []control.Contact
	index := map[int64]int{}
	for rows.Next() {
		var c control.Contact
		if err := rows.Scan(&c.ID, &c.Name, &c.Email, &c.Notes, &c.Favourite, &c.Presence); err != nil {
			rows.Close()
			return nil, s.wrap("read contacts", err)
		}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.wrap("read contacts", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	nrows, err := s.db.Query(`SELECT contact_id, label, value FROM contact_numbers
		WHERE contact_id IN (SELECT id FROM contacts`+where+`) ORDER BY contact_id, pos`, args...)
	if err != nil {
		return nil, s.wrap("read contact numbers", err)
	}
	defer nrows.Close()
	for nrows.Next() {
		var id int64
		var n control.Number
		if err := nrows.Scan(&id, &n.Label, &n.Value); err != nil {
			return nil, s.wrap("read contact numbers", err)
		}
		if i, ok := index[id]; ok {
			out[i].Numbers = append(out[i].Numbers, n)
		}
	}
	return out, s.wrap("read contact numbers", nrows.Err())
}
