package store

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"softphone/phone/control"
)

const vcard3 = "BEGIN:VCARD\r\n" +
	"VERSION:3.0\r\n" +
	"N:Ångström;Zoë;;;\r\n" +
	"FN:Zoë Ångström\r\n" +
	"TEL;TYPE=CELL,VOICE:+44 20 7946 0958\r\n" +
	"TEL;TYPE=WORK:1001\r\n" +
	"EMAIL;TYPE=INTERNET:zoe@example.com\r\n" +
	"NOTE:met at VoIP conf\\, 2025\r\n" +
	"IMPP:sip:zoe@pbx.example.com\r\n" +
	"END:VCARD\r\n" +
	"BEGIN:VCARD\r\n" +
	"VERSION:3.0\r\n" +
	"N:Silva;João;;;\r\n" +
	"TEL;TYPE=HOME:+351 21 000\r\n" +
	"END:VCARD\r\n"

const vcard4 = "BEGIN:VCARD\n" +
	"VERSION:4.0\n" +
	"FN:Ярослав Петренко\n" +
	"TEL;VALUE=uri;TYPE=cell:tel:+380-44-123-4567\n" +
	"IMPP;TYPE=work:sip:yaroslav@pbx.example.com\n" +
	"IMPP:xmpp:yaroslav@jabber.example\n" +
	"EMAIL;PREF=1:yar@example.com\n" +
	"NOTE;ENCODING=QUOTED-PRINTABLE:=D0=BF=D1=80=D0=B8=D0=B2=D1=96=D1=82\n" +
	"END:VCARD\n"

func TestImportVCard(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []control.Contact
	}{
		{"vCard 3.0", vcard3, []control.Contact{
			{Name: "João Silva", Numbers: []control.Number{{Label: "home", Value: "+351 21 000"}}},
			{Name: "Zoë Ångström", Email: "zoe@example.com", Notes: "met at VoIP conf, 2025", Numbers: []control.Number{
				{Label: "cell", Value: "+44 20 7946 0958"}, {Label: "work", Value: "1001"}, {Label: "sip", Value: "sip:zoe@pbx.example.com"}}},
		}},
		{"vCard 4.0", vcard4, []control.Contact{
			{Name: "Ярослав Петренко", Email: "yar@example.com", Notes: "привіт", Numbers: []control.Number{
				{Label: "cell", Value: "+380-44-123-4567"}, {Label: "work", Value: "sip:yaroslav@pbx.example.com"}}},
		}},
		{"name from number only", "BEGIN:VCARD\nVERSION:3.0\nTEL:1234\nEND:VCARD\n", []control.Contact{
			{Name: "1234", Numbers: []control.Number{{Label: "", Value: "1234"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			n, err := s.ImportVCard(strings.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if n != len(tc.want) {
				t.Errorf("imported %d, want %d", n, len(tc.want))
			}
			got, err := s.Contacts("")
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].ID = 0
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("contacts\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestImportVCardBad(t *testing.T) {
	tests := []struct {
		name, data, mention string
	}{
		{"no BEGIN", "VERSION:3.0\nFN:x\nEND:VCARD\n", "vCard 1"},
		{"second card unterminated", vcard3 + "BEGIN:VCARD\nFN:x\n", "vCard 3"},
		{"no name, number or email", "BEGIN:VCARD\nVERSION:4.0\nNOTE:hi\nEND:VCARD\n", "name"},
		{"bad BEGIN", "BEGIN:VCALENDAR\nEND:VCALENDAR\n", "vCard 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			n, err := s.ImportVCard(strings.NewReader(tc.data))
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("ImportVCard = %d, %v; want ErrInvalid mentioning %q", n, err, tc.mention)
			}
			if cs, _ := s.Contacts(""); len(cs) != 0 {
				t.Errorf("a failed import stored %d contacts", len(cs))
			}
		})
	}
}

func TestVCardRoundTrip(t *testing.T) {
	src := openTest(t)
	want := []control.Contact{
		{Name: "Ярослав Петренко", Email: "yar@example.com", Notes: "line 1\nline 2, with comma; and semicolon",
			Favourite: true, Presence: true,
			Numbers: []control.Number{{Label: "cell", Value: "+380 44 123 4567"}, {Label: "work", Value: "1001"}, {Label: "sip", Value: "sip:yaroslav@pbx.example.com"}}},
		{Name: "João Silva", Numbers: []control.Number{{Label: "home", Value: "+351 21 000"}, {Label: "", Value: "2002"}}},
		{Name: "Zoë", Numbers: []control.Number{{Label: "office", Value: "sips:zoe@example.com"}}},
	}
	for _, c := range want {
		if _, err := src.SaveContact(c); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := src.ExportVCard(&buf); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "VERSION:4.0"); got != 3 {
		t.Errorf("export has %d VERSION:4.0 lines, want 3:\n%s", got, buf.String())
	}
	dst := openTest(t)
	n, err := dst.ImportVCard(&buf)
	if err != nil || n != 3 {
		t.Fatalf("re-import = %d, %v", n, err)
	}
	got, _ := dst.Contacts("")
	wantSorted, _ := src.Contacts("")
	for i := range got {
		got[i].ID, wantSorted[i].ID = 0, 0
	}
	if !reflect.DeepEqual(got, wantSorted) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, wantSorted)
	}
}
