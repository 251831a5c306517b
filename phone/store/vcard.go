package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode"

	"github.com/emersion/go-vcard"

	"softphone/phone/control"
)

// maxVCardBytes bounds an import so a hostile file cannot exhaust memory.
const maxVCardBytes = 16 << 20

// Extension properties that carry what vCard has no field for.
const (
	vcardFavourite = "X-SOFTPHONE-FAVOURITE"
	vcardPresence  = "X-SOFTPHONE-PRESENCE"
)

// ImportVCard adds the contacts in r (vCard 3.0 or 4.0: FN/N, TEL, EMAIL,
// NOTE, IMPP sip:) and returns how many were added. The import is all or
// nothing: a malformed card gives an ErrInvalid error naming the card and
// nothing is stored.
func (s *Store) ImportVCard(r io.Reader) (int, error) {
	contacts, err := parseVCards(r)
	if err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return 0, s.wrap("import vCard", err)
	}
	defer tx.Rollback()
	for i, c := range contacts {
		if _, err := saveContactTx(tx, c); err != nil {
			return 0, s.wrap(fmt.Sprintf("import vCard %d (%q)", i+1, c.Name), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, s.wrap("import vCard", err)
	}
	return len(contacts), nil
}

// parseVCards reads every card in r as a Contact.
func parseVCards(r io.Reader) ([]control.Contact, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxVCardBytes+1))
	if err != nil {
		return nil, fmt.Errorf("store: read vCard: %w", err)
	}
	if len(data) > maxVCardBytes {
		return nil, invalidf("vCard file is larger than %d bytes", maxVCardBytes)
	}
	var contacts []control.Contact
	dec := vcard.NewDecoder(bytes.NewReader(data))
	for i := 1; ; i++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return contacts, nil
		}
		if err != nil {
			return nil, invalidf("vCard %d: %v", i, err)
		}
		c, err := contactFromCard(card)
		if err != nil {
			return nil, fmt.Errorf("vCard %d: %w", i, err)
		}
		contacts = append(contacts, c)
	}
}

// fieldText returns a field's value, decoding quoted-printable (seen in
// vCards exported by phones) and trimming it.
func fieldText(f *vcard.Field) string {
	v := f.Value
	if strings.EqualFold(f.Params.Get("ENCODING"), "QUOTED-PRINTABLE") {
		if b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v))); err == nil {
			v = string(b)
		}
	}
	return strings.TrimSpace(strings.ReplaceAll(v, `\;`, ";"))
}

// numberLabel picks a label from a field's TYPE parameters, skipping the
// ones that say nothing to a user.
func numberLabel(f *vcard.Field) string {
	for _, t := range f.Params.Types() {
		switch t {
		case "voice", "pref", "internet", "x-sip", "":
			continue
		}
		return t
	}
	return ""
}

func contactFromCard(card vcard.Card) (control.Contact, error) {
	var c control.Contact
	if f := card.Get(vcard.FieldFormattedName); f != nil {
		c.Name = fieldText(f)
	}
	if c.Name == "" {
		if f := card.Get(vcard.FieldName); f != nil {
			n := strings.Split(fieldText(f), ";")
			parts := []string{}
			for _, i := range []int{3, 1, 2, 0, 4} { // prefix given additional family suffix
				if i < len(n) && strings.TrimSpace(n[i]) != "" {
					parts = append(parts, strings.TrimSpace(n[i]))
				}
			}
			c.Name = strings.Join(parts, " ")
		}
	}
	for _, f := range card[vcard.FieldTelephone] {
		v := fieldText(f)
		v = strings.TrimPrefix(strings.TrimPrefix(v, "tel:"), "TEL:")
		if v != "" {
			c.Numbers = append(c.Numbers, control.Number{Label: numberLabel(f), Value: v})
		}
	}
	for _, f := range card[vcard.FieldIMPP] {
		v := fieldText(f)
		lv := strings.ToLower(v)
		if !strings.HasPrefix(lv, "sip:") && !strings.HasPrefix(lv, "sips:") {
			continue
		}
		label := numberLabel(f)
		if label == "" {
			label = "sip"
		}
		c.Numbers = append(c.Numbers, control.Number{Label: label, Value: v})
	}
	if f := card.Preferred(vcard.FieldEmail); f != nil {
		c.Email = fieldText(f)
	}
	if f := card.Get(vcard.FieldNote); f != nil {
		c.Notes = fieldText(f)
	}
	c.Favourite = card.Value(vcardFavourite) == "1"
	c.Presence = card.Value(vcardPresence) == "1"
	if c.Name == "" && len(c.Numbers) > 0 {
		c.Name = c.Numbers[0].Value
	}
	if c.Name == "" && c.Email != "" {
		c.Name = c.Email
	}
	if err := validateContact(&c); err != nil {
		return c, err
	}
	return c, nil
}

// ExportVCard writes every contact as vCard 4.0: FN, N, TEL (phone numbers),
// IMPP (sip: URIs), EMAIL, NOTE, plus X-SOFTPHONE-FAVOURITE/-PRESENCE.
func (s *Store) ExportVCard(w io.Writer) error {
	contacts, err := s.Contacts("")
	if err != nil {
		return err
	}
	enc := vcard.NewEncoder(w)
	for _, c := range contacts {
		if err := enc.Encode(cardFromContact(c)); err != nil {
			return fmt.Errorf("store: export vCard %q: %w", c.Name, err)
		}
	}
	return nil
}

// safeLabel keeps a label usable as a TYPE parameter value.
func safeLabel(l string) string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			return unicode.ToLower(r)
		}
		return -1
	}, l)
}

func cardFromContact(c control.Contact) vcard.Card {
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, "4.0")
	card.SetValue(vcard.FieldFormattedName, c.Name)
	given, family := c.Name, ""
	if i := strings.LastIndexByte(c.Name, ' '); i > 0 {
		given, family = c.Name[:i], c.Name[i+1:]
	}
	card.SetName(&vcard.Name{GivenName: given, FamilyName: family})
	for _, n := range c.Numbers {
		params := vcard.Params{}
		label := safeLabel(n.Label)
		lv := strings.ToLower(n.Value)
		if strings.HasPrefix(lv, "sip:") || strings.HasPrefix(lv, "sips:") {
			if label != "" && label != "sip" {
				params.Set(vcard.ParamType, label)
			}
			card.Add(vcard.FieldIMPP, &vcard.Field{Value: n.Value, Params: params})
			continue
		}
		if label != "" {
			params.Set(vcard.ParamType, label)
		}
		card.Add(vcard.FieldTelephone, &vcard.Field{Value: n.Value, Params: params})
	}
	if c.Email != "" {
		card.SetValue(vcard.FieldEmail, c.Email)
	}
	if c.Notes != "" {
		card.SetValue(vcard.FieldNote, c.Notes)
	}
	if c.Favourite {
		card.SetValue(vcardFavourite, "1")
	}
	if c.Presence {
		card.SetValue(vcardPresence, "1")
	}
	return card
}
