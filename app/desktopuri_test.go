package main

import (
	"os"
	"strings"
	"testing"
)

func TestDialFromURI(t *testing.T) {
	ok := map[string]string{
		"sip:1002@pbx.example.com":       "sip:1002@pbx.example.com",
		"SIPS:1002@pbx.example.com:5061": "SIPS:1002@pbx.example.com:5061",
		"tel:+1-555-1234":                "+15551234",
		"tel:+15551234;phone-context=+1": "+15551234",
		"callto:1002":                    "1002",
		"callto://1002":                  "1002",
		"sip:1002@pbx;transport=tcp?X=1": "sip:1002@pbx;transport=tcp?X=1",
	}
	for in, want := range ok {
		got, err := dialFromURI(in)
		if err != nil || got != want {
			t.Errorf("dialFromURI(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"sip:1002@pbx\r\nX-Evil: 1":       "control character",
		"sip:1002@pbx\x00":                "control character",
		"javascript:alert(1)":             "scheme",
		"http://example.com":              "scheme",
		"1002":                            "scheme",
		"tel:":                            "nothing to dial",
		"tel:" + strings.Repeat("9", 300): "at most 256",
		"sip:10 02@pbx":                   "refused",
		"tel:12<34":                       "refused",
		"sip:\xff@pbx":                    "UTF-8",
	}
	for in, want := range bad {
		_, err := dialFromURI(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("dialFromURI(%.40q) error %v; want one containing %q", in, err, want)
		}
	}
}

func FuzzDialFromURI(f *testing.F) {
	for _, s := range []string{"sip:1@h", "tel:+1", "callto:x", "sip:\r\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := dialFromURI(s)
		if err == nil && (strings.ContainsAny(n, "\r\n\x00 ") || len(n) > maxDesktopURI) {
			t.Fatalf("dialFromURI(%q) accepted %q", s, n)
		}
	})
}

// TestDesktopEntrySchemes: the .desktop file shipped in assets declares exactly the schemes
// the phone accepts from the desktop.
func TestDesktopEntrySchemes(t *testing.T) {
	b, err := os.ReadFile("../assets/softphone.desktop")
	if err != nil {
		t.Fatal(err)
	}
	var mime string
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "MimeType="); ok {
			mime = v
		}
	}
	var want string
	for _, s := range desktopSchemes {
		want += "x-scheme-handler/" + s + ";"
	}
	if mime != want {
		t.Errorf("MimeType=%s, want %s", mime, want)
	}
	if !strings.Contains(string(b), "Exec=softphone %u") {
		t.Error("Exec does not pass the URI (%u)")
	}
}
