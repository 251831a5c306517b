package skins

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// file mirrors skin.toml.
type file struct {
	BrandName   string            `toml:"brandname"`
	CompanyName string            `toml:"companyname"`
	Header      string            `toml:"header"`
	Footer      string            `toml:"footer"`
	Logo        string            `toml:"logo"`
	Colors      colors            `toml:"colors"`
	FontSize    float64           `toml:"fontsize"`
	Padding     float64           `toml:"padding"`
	IconSize    float64           `toml:"iconsize"`
	Strings     map[string]string `toml:"strings"`
	Screens     []string          `toml:"screens"`
	Buttons     []string          `toml:"buttons"`
	Layout      string            `toml:"layout"`
	CallNumber  string            `toml:"callnumber"`
}

// colors mirrors [colors]; a struct so that an unknown role is an unknown key.
type colors struct {
	Primary    string `toml:"primary"`
	Background string `toml:"background"`
	Foreground string `toml:"foreground"`
	Button     string `toml:"button"`
	Success    string `toml:"success"`
	Danger     string `toml:"danger"`
}

// byRole lists the colours that are set.
func (c colors) byRole() map[string]string {
	m := map[string]string{}
	for role, v := range map[string]string{
		ColorPrimary: c.Primary, ColorBackground: c.Background, ColorForeground: c.Foreground,
		ColorButton: c.Button, ColorSuccess: c.Success, ColorDanger: c.Danger,
	} {
		if v != "" {
			m[role] = v
		}
	}
	return m
}

// Parse reads the text of a skin.toml and checks every key and value; it does not read assets
// (see LoadFS). Errors are *Error naming "skin.toml" and the key.
func Parse(data []byte) (Skin, error) { return parse(data, "skin.toml") }

// parse is Parse with the file name used in errors.
func parse(data []byte, name string) (Skin, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Skin{}, fileErr(name, pe.LastKey, ErrSyntax, "line %d: %s", pe.Position.Line, pe.Message)
		}
		return Skin{}, fileErr(name, lastKey(err.Error()), ErrSyntax, "%s", strings.TrimPrefix(err.Error(), "toml: "))
	}
	if un := md.Undecoded(); len(un) > 0 {
		return Skin{}, fileErr(name, un[0].String(), ErrUnknownKey, "not a skin key")
	}
	s := Skin{
		File: name, BrandName: f.BrandName, CompanyName: f.CompanyName, Header: f.Header,
		Footer: f.Footer, Logo: f.Logo, Colors: f.Colors.byRole(), Strings: f.Strings,
		FontSize: float32(f.FontSize), Padding: float32(f.Padding), IconSize: float32(f.IconSize),
		Screens: Screens(), Buttons: Buttons(), Layout: f.Layout, CallNumber: f.CallNumber,
	}
	if md.IsDefined("screens") {
		s.Screens = f.Screens
	}
	if md.IsDefined("buttons") {
		s.Buttons = f.Buttons
	}
	if s.Strings == nil {
		s.Strings = map[string]string{}
	}
	if s.Layout == "" {
		s.Layout = LayoutStandard
	}
	if err := check(s, name); err != nil {
		return Skin{}, err
	}
	return s, nil
}

// check validates the values of a decoded skin.
func check(s Skin, name string) error {
	for _, role := range ColorRoles() {
		if v, ok := s.Colors[role]; ok && !isHexColor(v) {
			return fileErr(name, "colors."+role, ErrBadColor, "%q, want #RRGGBB", v)
		}
	}
	sizes := []struct {
		key    string
		v      float32
		lo, hi float32
	}{{"fontsize", s.FontSize, 6, 48}, {"padding", s.Padding, 1, 32}, {"iconsize", s.IconSize, 8, 96}}
	for _, sz := range sizes {
		if sz.v != 0 && (sz.v < sz.lo || sz.v > sz.hi) {
			return fileErr(name, sz.key, ErrBadValue, "%g, want %g to %g", sz.v, sz.lo, sz.hi)
		}
	}
	if err := checkNames(name, "screens", s.Screens, Screens()); err != nil {
		return err
	}
	if err := checkNames(name, "buttons", s.Buttons, Buttons()); err != nil {
		return err
	}
	switch s.Layout {
	case LayoutStandard:
		if len(s.Screens) == 0 {
			return fileErr(name, "screens", ErrBadValue, "the standard layout needs at least one screen")
		}
	case LayoutClick2Call:
		if strings.TrimSpace(s.CallNumber) == "" {
			return fileErr(name, "callnumber", ErrBadValue, "the click2call layout needs a number to call")
		}
	default:
		return fileErr(name, "layout", ErrBadValue, "%q, want %s or %s", s.Layout, LayoutStandard, LayoutClick2Call)
	}
	if s.Logo != "" && !hasLogoExt(s.Logo) {
		return fileErr(name, "logo", ErrBadValue, "%q, want a .png or .svg file", s.Logo)
	}
	return nil
}

// checkNames checks that every entry of list is one of known and none repeats.
func checkNames(name, key string, list, known []string) error {
	for i, v := range list {
		if !slices.Contains(known, v) {
			return fileErr(name, fmt.Sprintf("%s[%d]", key, i), ErrUnknownKey, "%q, want one of %s", v,
				strings.Join(known, ", "))
		}
		if slices.Contains(list[:i], v) {
			return fileErr(name, fmt.Sprintf("%s[%d]", key, i), ErrBadValue, "%q listed twice", v)
		}
	}
	return nil
}

// lastKey finds the key in a TOML type error: ... (last key "brandname"): ...
func lastKey(msg string) string {
	const mark = `(last key "`
	i := strings.Index(msg, mark)
	if i < 0 {
		return ""
	}
	rest := msg[i+len(mark):]
	if j := strings.Index(rest, `")`); j >= 0 {
		return rest[:j]
	}
	return ""
}

// hasLogoExt reports whether p ends in .png or .svg.
func hasLogoExt(p string) bool {
	p = strings.ToLower(p)
	return strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".svg")
}
