package ui

import (
	"encoding/json"
	"testing"

	"softphone/skins"
)

// readTranslations reads one embedded translation file.
func readTranslations(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := translationFiles.ReadFile("translations/" + name + ".json")
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return m
}

// The bundles themselves are checked in translations_test.go.

func TestShippedSkinTextsTranslated(t *testing.T) {
	en := readTranslations(t, "en")
	for _, name := range skins.Names() {
		s, err := skins.Load(name)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		for _, text := range []string{s.Header, s.Footer} {
			if _, ok := en[text]; text != "" && !ok {
				t.Errorf("skin %s text %q not in en.json", name, text)
			}
		}
		for key := range s.Strings {
			if _, ok := en[key]; !ok {
				t.Errorf("skin %s overrides %q, which the window never shows", name, key)
			}
		}
	}
}

func TestSkinTextOverrides(t *testing.T) {
	s := &skins.Skin{Strings: map[string]string{"Call": "Call sales"}}
	tests := []struct {
		skin *skins.Skin
		key  string
		want string
	}{
		{s, "Call", "Call sales"},
		{s, "Hang up", "Hang up"},
		{nil, "Call", "Call"},
	}
	for _, tt := range tests {
		if got := skinText(tt.skin, tt.key); got != tt.want {
			t.Errorf("skinText(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
