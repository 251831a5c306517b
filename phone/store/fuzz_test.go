package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzImportVCard(f *testing.F) {
	f.Add([]byte(vcard3))
	f.Add([]byte(vcard4))
	f.Add([]byte("BEGIN:VCARD\nFN;X=\"unterminated:x\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nTEL;TYPE=:\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\r\nFN:a\r\n b\r\nNOTE;ENCODING=QUOTED-PRINTABLE:=ZZ=\r\nEND:VCARD"))
	s, err := Open(filepath.Join(f.TempDir(), "fuzz.db"), withSynchronous("OFF"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := s.ImportVCard(bytes.NewReader(data))
		if err != nil {
			if n != 0 {
				t.Fatalf("failed import reports %d contacts", n)
			}
			if !errors.Is(err, ErrInvalid) && !strings.Contains(err.Error(), "store:") {
				t.Fatalf("error %v neither ErrInvalid nor named", err)
			}
		}
	})
}

// FuzzParseVCards exercises the byte parsing alone, without the database,
// so the fuzzer runs fast.
func FuzzParseVCards(f *testing.F) {
	f.Add([]byte(vcard3))
	f.Add([]byte(vcard4))
	f.Add([]byte("BEGIN:VCARD\nTEL;TYPE=\"a\\\"b\":1\nEND:VCARD\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := parseVCards(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("parse error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, c := range cs {
			if err := validateContact(&c); err != nil || c.Name == "" {
				t.Fatalf("parsed contact %+v is not storable: %v", c, err)
			}
		}
	})
}

func FuzzNormalizeNumber(f *testing.F) {
	for _, s := range []string{"sip:1001@pbx:5060", "<tel:+1 (555)>", "sip:[::1]:5060", "", "@", "sips:a@b;x=y?z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		full, user := normalizeNumber(s)
		if !strings.HasPrefix(full, user) {
			t.Fatalf("normalizeNumber(%q) = %q, %q: user is not a prefix of full", s, full, user)
		}
	})
}
