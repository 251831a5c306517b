package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadBrandRefusesBadInput: a brand.toml with a bad binary name, id or version, an
// unknown key, or a folder that is not a skin is refused naming the file and key.
func TestLoadBrandRefusesBadInput(t *testing.T) {
	good := "name = \"X\"\nbinary = \"xphone\"\nid = \"com.example.x\"\nversion = \"1.0\"\n"
	skin := "brandname = \"X\"\n"
	for _, tc := range []struct{ brand, skin, want string }{
		{good, skin, ""},
		{strings.Replace(good, "xphone", "X Phone", 1), skin, `binary = "X Phone"`},
		{strings.Replace(good, "com.example.x", "x", 1), skin, `id = "x"`},
		{strings.Replace(good, "1.0", "v1", 1), skin, `version = "v1"`},
		{good + "colour = 1\n", skin, `unknown key "colour"`},
		{good, "brandname = 5\n", "not a skin"},
		{good + "icon = \"missing.png\"\n", skin, "icon"},
		{good + "parameterkey = \"acme-key-1\"\n", skin, ""},
		{good + "parameterkey = \"acme key\"\n", skin, "parameterkey"},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "brand.toml"), []byte(tc.brand), 0o600)
		os.WriteFile(filepath.Join(dir, "skin.toml"), []byte(tc.skin), 0o600)
		_, err := loadBrand(dir)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("good brand refused: %v", err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("brand %q skin %q: error %v, want one naming %q", tc.brand, tc.skin, err, tc.want)
		}
	}
}

// TestDesktopEntryAndRegistrations: the generated desktop entry, registry file and plist
// name every scheme and the brand's binary.
func TestDesktopEntryAndRegistrations(t *testing.T) {
	b := brand{Name: "Acme Phone", Binary: "acmephone", ID: "com.example.acmephone", Description: "d"}
	de := b.desktopEntry()
	for _, want := range []string{"Exec=acmephone %u", "Icon=acmephone", "MimeType=x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/tel;x-scheme-handler/callto;"} {
		if !strings.Contains(de, want) {
			t.Errorf("desktop entry lacks %q:\n%s", want, de)
		}
	}
	reg, plist := b.windowsRegistry(), b.macURLTypes()
	for _, s := range schemes {
		if !strings.Contains(reg, `Software\Classes\`+s+"]") || !strings.Contains(plist, "<string>"+s+"</string>") {
			t.Errorf("scheme %s missing from the registry file or the plist", s)
		}
	}
	if !strings.Contains(reg, `acmephone.exe\" \"%1\"`) {
		t.Errorf("registry command does not pass the URI:\n%s", reg)
	}
}
