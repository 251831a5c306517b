package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"softphone/phone/control"
)

func TestContactsCRUD(t *testing.T) {
	s := openTest(t)
	c := control.Contact{Name: "  João Silva ", Email: "joao@example.com", Notes: "desk 3", Favourite: true, Presence: true,
		Numbers: []control.Number{{Label: "cell", Value: "+351 912 345 678"}, {Label: "sip", Value: "sip:joao@pbx.example.com"}}}
	id, err := s.SaveContact(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Contact(id)
	if err != nil {
		t.Fatal(err)
	}
	c.ID, c.Name = id, "João Silva"
	if !reflect.DeepEqual(*got, c) {
		t.Errorf("Contact(%d)\n got %+v\nwant %+v", id, *got, c)
	}

	// Update replaces fields and numbers.
	c.Numbers = []control.Number{{Label: "work", Value: "1001"}}
	c.Favourite = false
	if _, err := s.SaveContact(c); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Contact(id)
	if !reflect.DeepEqual(*got, c) {
		t.Errorf("after update\n got %+v\nwant %+v", *got, c)
	}
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM contact_numbers`).Scan(&n); err != nil || n != 1 {
		t.Errorf("numbers rows after update = %d, %v; want 1", n, err)
	}

	if err := s.DeleteContact(id); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM contact_numbers`).Scan(&n); err != nil || n != 0 {
		t.Errorf("numbers rows after delete = %d, %v; want 0 (cascade)", n, err)
	}
	if _, err := s.Contact(id); !errors.Is(err, ErrNotFound) {
		t.Errorf("Contact after delete: %v", err)
	}
}

func TestContactBadInput(t *testing.T) {
	s := openTest(t)
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"no name", func() error { _, err := s.SaveContact(control.Contact{Name: " "}); return err }, ErrInvalid},
		{"empty number", func() error {
			_, err := s.SaveContact(control.Contact{Name: "x", Numbers: []control.Number{{Label: "cell", Value: ""}}})
			return err
		}, ErrInvalid},
		{"update missing", func() error { _, err := s.SaveContact(control.Contact{ID: 42, Name: "x"}); return err }, ErrNotFound},
		{"delete missing", func() error { return s.DeleteContact(42) }, ErrNotFound},
		{"by empty number", func() error { _, err := s.ContactByNumber("sip:"); return err }, ErrInvalid},
		{"by unknown number", func() error { _, err := s.ContactByNumber("999"); return err }, ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := s.SaveContact(control.Contact{}); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("missing-name error %v does not name the field", err)
	}
}

func TestContactsSearch(t *testing.T) {
	s := openTest(t)
	names := map[string][]control.Number{
		"Zoë Ångström": {{Label: "cell", Value: "+44 20 7946 0958"}},
		"Ярослав":      {{Label: "sip", Value: "sip:yaroslav@pbx"}},
		"João Silva":   {{Label: "work", Value: "1001"}},
		"Bob":          {{Label: "home", Value: "555-1234"}},
	}
	ids := map[string]int64{}
	for name, nums := range names {
		id, err := s.SaveContact(control.Contact{Name: name, Numbers: nums, Favourite: name == "Bob"})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"Bob", "João Silva", "Zoë Ångström", "Ярослав"}}, // favourite first, then by name
		{"zoë", []string{"Zoë Ångström"}},
		{"ZOE", []string{"Zoë Ångström"}},
		{"angstrom", []string{"Zoë Ångström"}},
		{"ярос", []string{"Ярослав"}},
		{"ЯРОСЛАВ", []string{"Ярослав"}},
		{"joão", []string{"João Silva"}},
		{"JOAO", []string{"João Silva"}},
		{"yaroslav", []string{"Ярослав"}},
		{"5551234", []string{"Bob"}},
		{"555-12", []string{"Bob"}},
		{"7946 0958", []string{"Zoë Ångström"}},
		{"nobody", nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			cs, err := s.Contacts(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, c.Name)
				if len(c.Numbers) != 1 || c.Numbers[0] != names[c.Name][0] {
					t.Errorf("%s numbers = %v", c.Name, c.Numbers)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Contacts(%q) = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func TestContactByNumber(t *testing.T) {
	s := openTest(t)
	alice, _ := s.SaveContact(control.Contact{Name: "Alice", Numbers: []control.Number{{Label: "work", Value: "1001"}, {Label: "sip", Value: "sip:alice@a.example"}}})
	bob, _ := s.SaveContact(control.Contact{Name: "Bob", Numbers: []control.Number{{Label: "cell", Value: "+1 (555) 123-4567"}, {Label: "sip", Value: "sip:alice@b.example"}}})
	tests := []struct {
		number string
		want   int64
	}{
		{"1001", alice},
		{"sip:1001@pbx.example:5060", alice},
		{"<sip:1001@pbx;transport=udp>", alice},
		{"sip:alice@a.example", alice},
		{"sip:alice@b.example", bob}, // exact address beats user part
		{"tel:+15551234567", bob},
		{"+1-555-123-4567", bob},
	}
	for _, tc := range tests {
		t.Run(tc.number, func(t *testing.T) {
			c, err := s.ContactByNumber(tc.number)
			if err != nil {
				t.Fatal(err)
			}
			if c.ID != tc.want {
				t.Errorf("ContactByNumber(%q) = %d (%s), want %d", tc.number, c.ID, c.Name, tc.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë", "zoe"}, {"ZOË", "zoe"}, {"João", "joao"}, {"Ярослав", "ярослав"}, {"Ångström", "angstrom"},
		{"İstanbul", "istanbul"}, {"", ""},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
