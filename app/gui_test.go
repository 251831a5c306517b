package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"softphone/phone/params"
	"softphone/skins"
)

func TestChooseSkin(t *testing.T) {
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "skin.toml"), []byte("[colors]\nprimary = \"blue\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	typo := t.TempDir()
	if err := os.WriteFile(filepath.Join(typo, "skin.toml"), []byte("[strings]\n\"Cal\" = \"Dial\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, skin, number string
		wantSkin, wantNum  string
		wantErr            string
	}{
		{"bundled", "dark", "", "dark", "", ""},
		{"click2call number from parameter", "click2call", "100", "click2call", "100", ""},
		{"click2call number from skin", "click2call", "", "click2call", "sales", ""},
		{"bad colour falls back", bad, "", skins.Default, "", filepath.Join(bad, "skin.toml") + ": colors.primary"},
		{"unknown string falls back", typo, "", skins.Default, "", "strings.Cal"},
		{"unknown name falls back", "nosuch", "", skins.Default, "", "unknown skin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := params.Standard()
			if err := ps.Set("skin", tt.skin, params.CommandLine); err != nil {
				t.Fatal(err)
			}
			if tt.number != "" {
				if err := ps.Set("click2callnumber", tt.number, params.CommandLine); err != nil {
					t.Fatal(err)
				}
			}
			s, err := chooseSkin(ps)
			if s.Name != tt.wantSkin || s.CallNumber != tt.wantNum {
				t.Errorf("skin %q number %q, want %q %q", s.Name, s.CallNumber, tt.wantSkin, tt.wantNum)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want it to name %q", err, tt.wantErr)
			case tt.wantErr != "" && !errors.Is(err, skins.ErrInvalidSkin) && !errors.Is(err, skins.ErrUnknownSkin):
				t.Errorf("error %v matches no skins sentinel", err)
			}
		})
	}
}
