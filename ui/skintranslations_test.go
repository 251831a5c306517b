package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
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

func TestTranslationsHaveEveryEnglishKey(t *testing.T) {
	en := readTranslations(t, "en")
	if len(en) < 30 {
		t.Fatalf("en.json has %d keys, want the window's strings", len(en))
	}
	for key, text := range en {
		if key != text {
			t.Errorf("en.json %q = %q, want the key itself", key, text)
		}
	}
	for _, name := range []string{"pt_BR", "ru"} {
		other := readTranslations(t, name)
		for key := range en {
			if strings.TrimSpace(other[key]) == "" {
				t.Errorf("%s.json lacks %q", name, key)
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which en.json does not", name, key)
			}
		}
	}
}

// TestSourceStringsTranslated checks that every lang.L("literal") in the package's source has
// an English entry, so no translated string is forgotten.
func TestSourceStringsTranslated(t *testing.T) {
	en := readTranslations(t, "en")
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var missing []string
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			key, ok := langLiteral(n)
			if !ok {
				return true
			}
			found++
			if _, ok := en[key]; !ok {
				missing = append(missing, fset.Position(n.Pos()).String()+" "+strconv.Quote(key))
			}
			return true
		})
	}
	if found < 20 {
		t.Errorf("found %d lang.L calls, want the window's strings", found)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("not in translations/en.json: %s", m)
	}
}

// langLiteral returns the string of a lang.L("...") call.
func langLiteral(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "L" {
		return "", false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

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
