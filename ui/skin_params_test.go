package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"softphone/skins"
)

// The header, footer and logo parameters replace the skin's; a logo that is not an image
// file name is shown as text; an unreadable logo file keeps the skin's and names the value.
func TestBrandSkin(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "acme.png")
	if err := os.WriteFile(png, []byte("\x89PNG\r\n\x1a\nrest"), 0o600); err != nil {
		t.Fatal(err)
	}
	notPNG := filepath.Join(dir, "fake.png")
	if err := os.WriteFile(notPNG, []byte("GIF89a"), 0o600); err != nil {
		t.Fatal(err)
	}
	skinLogoData := []byte("<svg/>")
	tests := []struct {
		name      string
		params    map[string]string
		header    string
		logoText  string
		logoBytes string
		err       string
	}{
		{"none", map[string]string{}, "Skin header", "", "<svg/>", ""},
		{"header", map[string]string{"header": "Acme support line"}, "Acme support line", "", "<svg/>", ""},
		{"logo text", map[string]string{"logo": "ACME"}, "Skin header", "ACME", "", ""},
		{"logo file", map[string]string{"logo": png}, "Skin header", "", "\x89PNG\r\n\x1a\nrest", ""},
		{"logo missing", map[string]string{"logo": filepath.Join(dir, "none.png")}, "Skin header", "", "<svg/>", `parameter "logo": value "` + dir},
		{"logo not png", map[string]string{"logo": notPNG}, "Skin header", "", "<svg/>", "is not a PNG image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := skins.Skin{Header: "Skin header", Footer: "Skin footer", Logo: "logo.svg", LogoData: skinLogoData}
			err := BrandSkin(&s, func(n string) string { return tt.params[n] })
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			if s.Header != tt.header || s.Footer != "Skin footer" || s.LogoText != tt.logoText || string(s.LogoData) != tt.logoBytes {
				t.Fatalf("header %q footer %q logo text %q data %q", s.Header, s.Footer, s.LogoText, s.LogoData)
			}
		})
	}
}

// A text logo is shown in bold where the logo image goes.
func TestSkinLogoText(t *testing.T) {
	l, ok := skinLogo(skins.Skin{LogoText: "ACME"}, 28).(*widget.Label)
	if !ok || l.Text != "ACME" || !l.TextStyle.Bold {
		t.Fatalf("logo = %#v, want a bold label ACME", l)
	}
	if skinLogo(skins.Skin{}, 28) != nil {
		t.Fatal("a skin without logo got one")
	}
}
