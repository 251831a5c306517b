package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// textArgs maps a function or method name to the positions of its arguments that are text
// the user reads; -1 means every argument from the first on (options lists).
var textArgs = map[string][]int{
	// widget
	"NewLabel": {0}, "NewLabelWithStyle": {0}, "NewButton": {0}, "NewButtonWithIcon": {0},
	"NewCheck": {0}, "NewRadioGroup": {0}, "NewSelect": {0}, "NewSelectEntry": {0},
	"NewCard": {0, 1}, "NewAccordionItem": {0}, "NewFormItem": {0}, "NewRichTextWithText": {0},
	"NewHyperlink": {0},
	// container
	"NewTabItem": {0}, "NewTabItemWithIcon": {0},
	// fyne
	"NewMenuItem": {0}, "NewMenu": {0}, "NewNotification": {0, 1},
	// canvas
	"NewText": {0},
	// dialog
	"NewConfirm": {0, 1}, "ShowConfirm": {0, 1}, "NewInformation": {0, 1}, "ShowInformation": {0, 1},
	"NewCustom": {0, 1}, "ShowCustom": {0, 1}, "NewCustomConfirm": {0, 1, 2}, "ShowCustomConfirm": {0, 1, 2},
	"NewForm": {0, 1, 2}, "ShowForm": {0, 1, 2}, "NewEntryDialog": {0, 1},
	// setters and the package's own text sinks
	"SetText": {0}, "SetPlaceHolder": {0}, "SetConfirmText": {0}, "SetDismissText": {0},
	"SetTitle": {0}, "setStatus": {0}, "showError": {0}, "setNotice": {0}, "confirm": {0, 1},
}

// textFields are struct fields holding text the user reads.
var textFields = map[string]bool{"Text": true, "PlaceHolder": true, "Title": true, "Content": true}

// rawAllowed are literals that are not words in any language.
var rawAllowed = map[string]bool{"L%d %s": true}

// isWords reports whether s holds text to translate: a letter that is not allowed raw.
func isWords(s string) bool {
	return !rawAllowed[s] && strings.ContainsFunc(s, unicode.IsLetter)
}

// rawLiterals returns the untranslated string literals in e: e itself, the parts of a
// concatenation, the elements of a slice literal and the format of fmt.Sprintf; a lang call
// translates its own arguments.
func rawLiterals(e ast.Expr) []*ast.BasicLit {
	switch x := e.(type) {
	case *ast.BasicLit:
		if s, ok := stringLit(x); ok && isWords(s) {
			return []*ast.BasicLit{x}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return append(rawLiterals(x.X), rawLiterals(x.Y)...)
		}
	case *ast.ParenExpr:
		return rawLiterals(x.X)
	case *ast.CompositeLit:
		var out []*ast.BasicLit
		for _, el := range x.Elts {
			out = append(out, rawLiterals(el)...)
		}
		return out
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			return rawLiterals(x.Args[0])
		}
	}
	return nil
}

// callName is the name of the function or method call calls.
func callName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// fieldName is the field an assignment target or key names, if any.
func fieldName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	}
	return ""
}

// rawTexts returns "file:line literal" for every untranslated literal shown to the user.
func (src uiSource) rawTexts() []string {
	var out []string
	report := func(lits []*ast.BasicLit) {
		for _, lit := range lits {
			pos := src.fset.Position(lit.Pos())
			out = append(out, pos.Filename+":"+strconv.Itoa(pos.Line)+" "+lit.Value)
		}
	}
	for _, f := range src.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				for _, i := range textArgs[callName(x)] {
					if i < len(x.Args) {
						report(rawLiterals(x.Args[i]))
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range x.Lhs {
					if textFields[fieldName(lhs)] && i < len(x.Rhs) {
						report(rawLiterals(x.Rhs[i]))
					}
				}
			case *ast.KeyValueExpr:
				if textFields[fieldName(x.Key)] {
					report(rawLiterals(x.Value))
				}
			}
			return true
		})
	}
	return out
}

func TestNoRawUserText(t *testing.T) {
	for _, raw := range parseUISource(t).rawTexts() {
		t.Errorf("%s: shown untranslated; wrap it in lang.L (and add it to translations/*.json)", raw)
	}
}

func TestRawLiteralsFound(t *testing.T) {
	src := `package ui
func f() {
	widget.NewLabel("Hello")
	widget.NewButton(lang.L("Call"), nil)
	t.setStatus("Load failed: " + err.Error())
	widget.NewSelect([]string{"One", "#"}, nil)
	l.SetText(fmt.Sprintf("%d items", n))
	e.PlaceHolder = "Number"
	n := fyne.Notification{Title: "Missed", Content: peer}
	l.SetText("*")
	b.SetText(fmt.Sprintf("L%d %s", 1, lang.L("New call")))
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := uiSource{fset: fset, files: []*ast.File{f}}.rawTexts()
	want := []string{
		`x.go:3 "Hello"`, `x.go:5 "Load failed: "`, `x.go:6 "One"`, `x.go:7 "%d items"`,
		`x.go:8 "Number"`, `x.go:9 "Missed"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rawTexts =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
