package params

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// brandKey stands for a provider's built-in key (brand.toml parameterkey).
var brandKey = []byte("acme-brand-key")

// TestEncryptedParameterVector pins the seed's scheme: "encrypted__3__" + base64(value XOR
// key). The expected forms were computed outside Go (Python: base64.b64encode of the bytes
// XOR the key), so a change of scheme fails here.
func TestEncryptedParameterVector(t *testing.T) {
	for _, tc := range []struct {
		key       []byte
		encrypted string
	}{{brandKey, "encrypted__3__ElAOF0gW"}, {nil, "encrypted__3__AFwFBhUc"}} {
		if got := Obfuscate("s3cret", tc.key); got != tc.encrypted {
			t.Errorf("Obfuscate(s3cret, %q) = %q, want %q", tc.key, got, tc.encrypted)
		}
		if got, err := Deobfuscate(tc.encrypted, tc.key); err != nil || got != "s3cret" {
			t.Errorf("Deobfuscate(%q, %q) = %q, %v", tc.encrypted, tc.key, got, err)
		}
	}
	// Tools that drop the padding or use the URL alphabet are understood too.
	if got, err := Deobfuscate("encrypted__3__"+strings.TrimRight(Obfuscate("pbx.example.com", brandKey)[14:], "="), brandKey); err != nil || got != "pbx.example.com" {
		t.Errorf("unpadded: %q, %v", got, err)
	}
}

// TestEncryptedParametersDecodeWithBrandKey loads a provider's encrypted password, md5 and
// realm the way app/ does (settings file kept, so a per-install key exists too) and gets the
// plain values: the brand key decodes every source, not the per-install key.
func TestEncryptedParametersDecodeWithBrandKey(t *testing.T) {
	md5 := "0123456789abcdef0123456789abcdef"
	cfg := writeFile(t, `realm = "`+Obfuscate("pbx.example.com", brandKey)+`"`+"\n")
	ps, err := Load(Sources{Config: cfg, Settings: filepath.Join(t.TempDir(), "settings.toml"), ParameterKey: brandKey,
		Environ: []string{"SOFTPHONE_MD5=" + Obfuscate(md5, brandKey)},
		Sets:    []string{"password=" + Obfuscate("s3cret", brandKey), "username=1000"}})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"password": "s3cret", "md5": md5, "realm": "pbx.example.com", "username": "1000"} {
		if got := ps.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if err := ps.Set("password", Obfuscate("n3w", brandKey), Runtime); err != nil || ps.Get("password") != "n3w" {
		t.Errorf("setparameter encrypted: %q, %v", ps.Get("password"), err)
	}
}

// TestEncryptedParameterGarbage: a value made with another key, or not base64, is an error
// naming the parameter, never a silently wrong value; at run time the old value stays.
// (Text made with another printable-ASCII key can decode into printable text: no check
// can tell that from a value, short of a validator such as md5's.)
func TestEncryptedParameterGarbage(t *testing.T) {
	perInstall := make([]byte, 32)
	for i := range perInstall {
		perInstall[i] = byte(0x90 + i)
	}
	for _, tc := range []struct{ name, value, want string }{
		{"password", Obfuscate("s3cret", perInstall), "not UTF-8"}, // the reported case: a random per-install key
		{"realm", Obfuscate("s3cret", []byte{0x13, 0x37}), "control character"},
		{"md5", "encrypted__3__%%%", "not base64"},
	} {
		_, err := Load(Sources{ParameterKey: brandKey, Sets: []string{tc.name + "=" + tc.value}})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `parameter "`+tc.name+`"`) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: error %v; want ErrInvalid naming the parameter and %q", tc.name, tc.value, err, tc.want)
		}
	}
	ps, err := Load(Sources{ParameterKey: brandKey, Sets: []string{"password=old"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Set("password", Obfuscate("s3cret", perInstall), Runtime); err == nil || ps.Get("password") != "old" {
		t.Errorf("value of another key at run time: err %v, password %q", err, ps.Get("password"))
	}
}
