package ui

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"softphone/phone/control"
	"softphone/skins"
)

// translationNames are the translation files besides en.json.
var translationNames = []string{"pt_BR", "ru"}

// uiSource is the package's non-test source, parsed.
type uiSource struct {
	fset   *token.FileSet
	files  []*ast.File
	consts map[string]string // package-level string constants by name
}

// parseUISource parses every non-test .go file of the package.
func parseUISource(t *testing.T) uiSource {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	src := uiSource{fset: token.NewFileSet(), consts: map[string]string{}}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(src.fset, name, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		src.files = append(src.files, f)
		for _, obj := range f.Scope.Objects {
			if obj.Kind != ast.Con {
				continue
			}
			if spec, ok := obj.Decl.(*ast.ValueSpec); ok {
				for i, id := range spec.Names {
					if i < len(spec.Values) {
						if s, ok := stringLit(spec.Values[i]); ok {
							src.consts[id.Name] = s
						}
					}
				}
			}
		}
	}
	return src
}

// stringLit returns the value of a string literal.
func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// langFuncs are the fyne lang functions whose first argument is a translation key.
var langFuncs = []string{"L", "X", "N", "XN", "Localize", "LocalizeKey", "LocalizePlural", "LocalizePluralKey"}

// isLangCall reports whether call is lang.<one of langFuncs>(...).
func isLangCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !slices.Contains(langFuncs, sel.Sel.Name) {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "lang"
}

// langKeys returns each constant key passed to a lang function or skinText (a literal or a
// package constant) with where it is used.
func (src uiSource) langKeys() map[string][]string {
	keys := map[string][]string{}
	for _, f := range src.files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := 0 // skinText(skin, key) translates key unless the skin overrides it
			if id, isID := call.Fun.(*ast.Ident); isID && id.Name == "skinText" {
				arg = 1
			} else if !isLangCall(call) {
				return true
			}
			if len(call.Args) <= arg {
				return true
			}
			key, ok := stringLit(call.Args[arg])
			if id, isID := call.Args[arg].(*ast.Ident); isID {
				key, ok = src.consts[id.Name]
			}
			if ok {
				pos := src.fset.Position(call.Pos())
				keys[key] = append(keys[key], pos.Filename+":"+strconv.Itoa(pos.Line))
			}
			return true
		})
	}
	return keys
}

// skinKeys returns the English texts the shipped skins show or override.
func skinKeys(t *testing.T) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, name := range skins.Names() {
		s, err := skins.Load(name)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		for _, text := range []string{s.Header, s.Footer} {
			if text != "" {
				keys[text] = true
			}
		}
		for key := range s.Strings {
			keys[key] = true
		}
	}
	return keys
}

// registrationStatuses are the statuses the phone reports, which the header translates
// (lang.L(status)) when it shows them as they are.
func registrationStatuses() map[string]bool {
	return map[string]bool{control.RegReady: true, control.RegRegistering: true, control.RegRegistered: true,
		control.RegFailed: true, control.RegUnregistered: true}
}

func TestLangKeysInEnglishBundle(t *testing.T) {
	en := readTranslations(t, "en")
	used := parseUISource(t).langKeys()
	if len(used) < 100 {
		t.Errorf("found %d translated texts in the source, want the whole window's", len(used))
	}
	for _, key := range slices.Sorted(maps.Keys(used)) {
		if _, ok := en[key]; !ok {
			t.Errorf("%s: %q is not in translations/en.json", used[key][0], key)
		}
	}
	fromSkins, statuses := skinKeys(t), registrationStatuses()
	for _, key := range slices.Sorted(maps.Keys(en)) {
		if _, ok := used[key]; !ok && !fromSkins[key] && !statuses[key] {
			t.Errorf("en.json key %q is used neither by the code nor by a shipped skin", key)
		}
	}
}

var (
	// templateField matches a {{.Field}} template action.
	templateField = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	// printfVerb matches a printf verb such as %d, %q or %02d.
	printfVerb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
)

// placeholders lists text's template fields (sorted) and printf verbs (in order).
func placeholders(text string) string {
	var fields []string
	for _, m := range templateField.FindAllStringSubmatch(text, -1) {
		fields = append(fields, m[1])
	}
	slices.Sort(fields)
	return "fields " + strings.Join(fields, ",") + " verbs " + strings.Join(printfVerb.FindAllString(text, -1), ",")
}

func TestTranslationBundlesMatchEnglish(t *testing.T) {
	en := readTranslations(t, "en")
	for key, text := range en {
		if key != text {
			t.Errorf("en.json %q = %q, want the key itself", key, text)
		}
	}
	for _, name := range translationNames {
		other := readTranslations(t, name)
		for _, key := range slices.Sorted(maps.Keys(en)) {
			text, ok := other[key]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", name, key)
			case strings.TrimSpace(text) == "":
				t.Errorf("%s.json %q is empty", name, key)
			case placeholders(text) != placeholders(key):
				t.Errorf("%s.json %q = %q: %s, want %s", name, key, text, placeholders(text), placeholders(key))
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which en.json does not", name, key)
			}
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Plain", "fields  verbs "},
		{"Chat ({{.Unread}})", "fields Unread verbs "},
		{"{{ .B }} and {{.A}}", "fields A,B verbs "},
		{"No contacts match %q.", "fields  verbs %q"},
		{"%d:%02d and 100%%", "fields  verbs %d,%02d,%%"},
	}
	for _, tt := range tests {
		if got := placeholders(tt.text); got != tt.want {
			t.Errorf("placeholders(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestTranslationFilesCanonical keeps the files sorted by key with a 2-space indent, as
// json.MarshalIndent writes a map (without escaping &, < and >).
func TestTranslationFilesCanonical(t *testing.T) {
	for _, name := range append([]string{"en"}, translationNames...) {
		data, err := translationFiles.ReadFile("translations/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(readTranslations(t, name)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, buf.Bytes()) {
			t.Errorf("%s.json is not sorted by key with a 2-space indent and a final newline", name)
		}
	}
}
