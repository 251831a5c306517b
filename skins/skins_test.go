package skins

import (
	"errors"
	"testing"
)

func TestLoadDefault(t *testing.T) {
	s, err := Load("default")
	if err != nil {
		t.Fatalf("Load(default): %v", err)
	}
	if s.BrandName != "Softphone" {
		t.Errorf("BrandName = %q, want Softphone", s.BrandName)
	}
	for _, role := range []string{"primary", "background", "foreground", "success", "danger"} {
		if !isHexColor(s.Colors[role]) {
			t.Errorf("Colors[%s] = %q, want #RRGGBB", role, s.Colors[role])
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		want error
	}{
		{"", ErrUnknownSkin},
		{"missing", ErrUnknownSkin},
		{"../skins", ErrUnknownSkin},
		{"default/skin.toml", ErrUnknownSkin},
	}
	for _, tt := range tests {
		if _, err := Load(tt.name); !errors.Is(err, tt.want) {
			t.Errorf("Load(%q) error = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		brand   string
		wantErr bool
	}{
		{"full", "brandname = \"Acme\"\n[colors]\nprimary = \"#00ff00\"\n", "Acme", false},
		{"no colours", "brandname = \"Acme\"\n", "Acme", false},
		{"bad colour", "[colors]\nprimary = \"green\"\n", "", true},
		{"short colour", "[colors]\nprimary = \"#fff\"\n", "", true},
		{"not toml", "brandname = ", "", true},
		{"wrong type", "brandname = 3\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.in))
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidSkin) {
					t.Fatalf("Parse error = %v, want ErrInvalidSkin", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.BrandName != tt.brand || s.Colors == nil {
				t.Fatalf("Parse = %+v, want brand %q and a colour map", s, tt.brand)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("brandname = \"Acme\"\n[colors]\nprimary = \"#00ff00\"\n"))
	f.Add([]byte("[colors]\nx = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			return
		}
		for role, c := range s.Colors {
			if !isHexColor(c) {
				t.Fatalf("accepted colour %s = %q", role, c)
			}
		}
	})
}
