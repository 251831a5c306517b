package store

import "context"

// DeleteAll deletes every call, contact (with its numbers) and chat message in one
// transaction (the seed's delsettings); the database file and its schema stay.
func (s *Store) DeleteAll() error {
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return s.wrap("delete all", err)
	}
	defer tx.Rollback()
	for _, table := range []string{"messages", "contact_numbers", "contacts", "calls"} {
		if _, err := tx.Exec(`DELETE FROM ` + table); err != nil {
			return s.wrap("delete all "+table, err)
		}
	}
	return s.wrap("delete all", tx.Commit())
}
