package params

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// The branding parameters take the seed's values; a link that is not an http(s) URL, an
// address that is not one and a logo of several lines are refused, naming the parameter and
// the value.
func TestBrandingValues(t *testing.T) {
	tests := []struct {
		name, value, want string // want "" means refused
	}{
		{"supporturl", "https://help.example.com/phone?x=1", "https://help.example.com/phone?x=1"},
		{"homepage", " http://example.com ", "http://example.com"},
		{"helpurl", "", ""},
		{"supporturl", "javascript:alert(1)", ""},
		{"accounturi", "ftp://example.com", ""},
		{"licenseurl", "example.com/eula", ""},
		{"extramenuurl", "https://exa mple.com", ""},
		{"supportmail", "support@example.com", "support@example.com"},
		{"supportmail", "Support <support@example.com>", ""},
		{"supportmail", "support", ""},
		{"logo", "logo.png", "logo.png"},
		{"logo", "ACME\r\nX-Evil: 1", ""},
		{"extramenutxt", "Rates", "Rates"},
		{"companyname", "Acme Ltd", "Acme Ltd"},
		{"version", "7.1", "7.1"},
	}
	for _, tt := range tests {
		p := Standard()
		err := p.Set(tt.name, tt.value, ConfigFile)
		refused := tt.want == "" && strings.TrimSpace(tt.value) != ""
		switch {
		case refused && err == nil:
			t.Errorf("%s=%q accepted as %q", tt.name, tt.value, p.Get(tt.name))
		case refused && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.name) || !strings.Contains(err.Error(), strconv.Quote(tt.value))):
			t.Errorf("%s=%q: error %v does not name the parameter and value", tt.name, tt.value, err)
		case !refused && err != nil:
			t.Errorf("%s=%q: %v", tt.name, tt.value, err)
		case !refused && p.Get(tt.name) != tt.want:
			t.Errorf("%s=%q stored %q, want %q", tt.name, tt.value, p.Get(tt.name), tt.want)
		}
	}
	if d, ok := Standard().Def("extramenutxt"); !ok || d.Name != "extramenuxt" {
		t.Errorf("extramenutxt is not the alias of extramenuxt: %v", d.Name)
	}
}

// customsipheader takes one header line; CR or LF (header injection), a header the stack
// writes itself, a name that is not a token or a line without value are refused, naming the
// parameter and the value.
func TestCustomSIPHeader(t *testing.T) {
	tests := []struct{ value, want, why string }{
		{"X-Crm-Id: 42;agent=7", "X-Crm-Id: 42;agent=7", ""},
		{"  X-Session :abc  ", "X-Session: abc", ""},
		{"", "", ""},
		{"X-A: 1\r\nVia: SIP/2.0/UDP evil", "", "header injection"},
		{"X-A: 1\nX-B: 2", "", "header injection"},
		{"Via: SIP/2.0/UDP 10.0.0.1", "", "writes itself"},
		{"call-id: x", "", "writes itself"},
		{"X A: 1", "", "not a SIP token"},
		{"X-A", "", "not a header line"},
		{"X-A:", "", "not a header line"},
		{"X-A: a\x00b", "", "control character"},
	}
	for _, tt := range tests {
		p := Standard()
		err := p.Set("customsipheader", tt.value, ConfigFile)
		if tt.why == "" {
			if err != nil || p.Get("customsipheader") != tt.want {
				t.Errorf("%q: stored %q, err %v; want %q", tt.value, p.Get("customsipheader"), err, tt.want)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"customsipheader"`) ||
			!strings.Contains(err.Error(), strconv.Quote(tt.value)) || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("%q: error %v, want one naming customsipheader, the value and %q", tt.value, err, tt.why)
		}
	}
	if n, v, ok := SplitCustomHeader("X-Crm-Id: 42"); !ok || n != "X-Crm-Id" || v != "42" {
		t.Errorf("SplitCustomHeader = %q %q %v", n, v, ok)
	}
}

// md5 takes 32 hex digits (stored in lower case); anything else is refused naming the
// parameter, without repeating the secret value.
func TestMD5Parameter(t *testing.T) {
	p := Standard()
	if err := p.Set("md5", "0123456789ABCDEF0123456789abcdef", ConfigFile); err != nil || p.Get("md5") != "0123456789abcdef0123456789abcdef" {
		t.Fatalf("stored %q, err %v", p.Get("md5"), err)
	}
	for _, bad := range []string{"secret1000", "0123456789abcdef0123456789abcdeg", "0123456789abcdef"} {
		err := p.Set("md5", bad, ConfigFile)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"md5"`) || strings.Contains(err.Error(), bad) {
			t.Errorf("%q: error %v, want one naming md5 without the value", bad, err)
		}
	}
}

// extraoption sets each name=value pair as if given alone; a bad pair's error names
// extraoption and the pair's parameter, the good pairs are still set.
func TestExtraOption(t *testing.T) {
	p := Standard()
	if err := p.Set("extraoption", "displayname=John; dnd=1;", URI); err != nil {
		t.Fatal(err)
	}
	if p.Get("displayname") != "John" || !p.Bool("dnd") || p.Source("dnd") != URI {
		t.Fatalf("displayname %q dnd %v from %s", p.Get("displayname"), p.Bool("dnd"), p.Source("dnd"))
	}
	err := p.Set("extraoption", "register=7;lines=2;nosuch=1", URI)
	for _, want := range []string{`parameter "extraoption": parameter "register": value "7"`, `unknown parameter "nosuch"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %s", err, want)
		}
	}
	if p.Int("lines") != 2 {
		t.Errorf("the good pair lines=2 was not set: %d", p.Int("lines"))
	}
	for _, bad := range []string{"displayname", "=x", "extraoption=a=b"} {
		if err := p.Set("extraoption", bad, URI); err == nil || !strings.Contains(err.Error(), `"extraoption"`) {
			t.Errorf("%q: error %v, want one naming extraoption", bad, err)
		}
	}
}
