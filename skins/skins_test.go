package skins

import (
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadBundled(t *testing.T) {
	tests := []struct {
		name       string
		brand      string
		layout     string
		settings   bool
		quit       bool
		background string
	}{
		{"default", "Softphone", LayoutStandard, true, true, ""},
		{"dark", "Softphone", LayoutStandard, true, true, "#121212"},
		{"click2call", "Call us", LayoutClick2Call, false, false, ""},
		{"kiosk", "Help point", LayoutStandard, false, false, "#FFFFFF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.name)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if s.Name != tt.name || s.BrandName != tt.brand || s.Layout != tt.layout {
				t.Errorf("got name %q brand %q layout %q", s.Name, s.BrandName, s.Layout)
			}
			if s.HasScreen(ScreenSettings) != tt.settings || s.HasButton(ButtonQuit) != tt.quit {
				t.Errorf("settings screen %v, quit %v; want %v, %v", s.HasScreen(ScreenSettings),
					s.HasButton(ButtonQuit), tt.settings, tt.quit)
			}
			if s.Colors[ColorBackground] != tt.background {
				t.Errorf("background = %q, want %q", s.Colors[ColorBackground], tt.background)
			}
			if len(s.LogoData) == 0 || !strings.Contains(string(s.LogoData), "<svg") {
				t.Errorf("logo not read: %d bytes", len(s.LogoData))
			}
		})
	}
}

func TestBundledNamesAllLoad(t *testing.T) {
	for _, n := range Names() {
		if _, err := Load(n); err != nil {
			t.Errorf("Load(%q): %v", n, err)
		}
	}
}

func TestLoadUnknown(t *testing.T) {
	for _, name := range []string{"", "missing", "../skins", "default/skin.toml"} {
		if _, err := Load(name); !errors.Is(err, ErrUnknownSkin) {
			t.Errorf("Load(%q) error = %v, want ErrUnknownSkin", name, err)
		}
	}
}

const goodTOML = "brandname = \"Acme\"\nlogo = \"logo.png\"\n[colors]\nprimary = \"#00ff00\"\n"

var pngBytes = []byte("\x89PNG\r\n\x1a\nrest")

func TestLoadFSBadSkins(t *testing.T) {
	tests := []struct {
		name  string
		toml  string
		files map[string]string
		key   string
		want  error
	}{
		{"missing logo", "logo = \"nope.png\"\n", nil, "logo", ErrMissingAsset},
		{"logo not png", "logo = \"logo.png\"\n", map[string]string{"logo.png": "GIF89a"}, "logo", ErrBadValue},
		{"logo not svg", "logo = \"l.svg\"\n", map[string]string{"l.svg": "hello"}, "logo", ErrBadValue},
		{"logo escapes", "logo = \"../x.png\"\n", nil, "logo", ErrBadValue},
		{"logo wrong type", "logo = \"logo.gif\"\n", nil, "logo", ErrBadValue},
		{"bad colour", "[colors]\nprimary = \"green\"\n", nil, "colors.primary", ErrBadColor},
		{"short colour", "[colors]\ndanger = \"#fff\"\n", nil, "colors.danger", ErrBadColor},
		{"unknown colour", "[colors]\naccent = \"#ffffff\"\n", nil, "colors.accent", ErrUnknownKey},
		{"unknown key", "brandname = \"A\"\nbrandnmae = \"B\"\n", nil, "brandnmae", ErrUnknownKey},
		{"unknown screen", "screens = [\"phone\", \"fax\"]\n", nil, "screens[1]", ErrUnknownKey},
		{"unknown button", "buttons = [\"hold\", \"eject\"]\n", nil, "buttons[1]", ErrUnknownKey},
		{"twice", "buttons = [\"hold\", \"hold\"]\n", nil, "buttons[1]", ErrBadValue},
		{"no screens", "screens = []\n", nil, "screens", ErrBadValue},
		{"bad layout", "layout = \"grid\"\n", nil, "layout", ErrBadValue},
		{"click2call no number", "layout = \"click2call\"\n", nil, "callnumber", ErrBadValue},
		{"font too big", "fontsize = 200\n", nil, "fontsize", ErrBadValue},
		{"broken toml", "brandname = \n", nil, "brandname", ErrSyntax},
		{"wrong type", "brandname = 3\n", nil, "brandname", ErrSyntax},
		{"no skin.toml", "", nil, "", ErrMissingAsset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tt.toml != "" {
				fsys["skin.toml"] = &fstest.MapFile{Data: []byte(tt.toml)}
			}
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			_, err := LoadFS(fsys, "acme", "acme/skin.toml")
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalidSkin) {
				t.Fatalf("error = %v, want %v and ErrInvalidSkin", err, tt.want)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not *Error", err)
			}
			if se.File != "acme/skin.toml" || se.Key != tt.key {
				t.Errorf("file %q key %q, want acme/skin.toml and %q", se.File, se.Key, tt.key)
			}
			if !strings.HasPrefix(err.Error(), "acme/skin.toml") {
				t.Errorf("message %q does not start with the file", err)
			}
		})
	}
}

func TestLoadFSGood(t *testing.T) {
	fsys := fstest.MapFS{
		"skin.toml": {Data: []byte(goodTOML + "[strings]\n\"Call\" = \"Dial\"\n")},
		"logo.png":  {Data: pngBytes},
	}
	s, err := LoadFS(fsys, "acme", "acme/skin.toml")
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	if s.BrandName != "Acme" || string(s.LogoData) != string(pngBytes) {
		t.Errorf("brand %q logo %q", s.BrandName, s.LogoData)
	}
	if got := s.Text("Call"); got != "Dial" {
		t.Errorf("Text(Call) = %q, want Dial", got)
	}
	if got := s.Text("Hang up"); got != "Hang up" {
		t.Errorf("Text(Hang up) = %q, want the key", got)
	}
	if c, ok := s.Color(ColorPrimary); !ok || c != (color.NRGBA{G: 0xff, A: 0xff}) {
		t.Errorf("Color(primary) = %v, %v", c, ok)
	}
	if _, ok := s.Color(ColorBackground); ok {
		t.Error("background set although the skin leaves it out")
	}
	if len(s.Screens) != len(Screens()) || len(s.Buttons) != len(Buttons()) {
		t.Errorf("screens %v buttons %v, want all when not listed", s.Screens, s.Buttons)
	}
}

func TestSelectFolderAndDefault(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("skin.toml", goodTOML)
	write("logo.png", string(pngBytes))
	s, err := Select(dir)
	if err != nil || s.BrandName != "Acme" || s.Name != dir {
		t.Fatalf("Select(folder) = %q %q, %v", s.Name, s.BrandName, err)
	}
	if s, err := Select(""); err != nil || s.Name != Default {
		t.Fatalf("Select(\"\") = %q, %v", s.Name, err)
	}

	write("skin.toml", "[colors]\nprimary = \"blue\"\n")
	s, err = LoadOrDefault(dir)
	if s.Name != Default {
		t.Errorf("LoadOrDefault fell back to %q, want default", s.Name)
	}
	want := filepath.Join(dir, "skin.toml") + ": colors.primary: bad colour"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want prefix %q", err, want)
	}
	if _, err := LoadOrDefault("nosuchskin"); !errors.Is(err, ErrUnknownSkin) {
		t.Errorf("LoadOrDefault(nosuchskin) error = %v", err)
	}
	if _, err := Select(filepath.Join(dir, "absent")); !errors.Is(err, ErrUnknownSkin) {
		t.Errorf("Select(absent folder) error = %v", err)
	}
}

func TestParseColor(t *testing.T) {
	tests := []struct {
		in string
		ok bool
		c  color.NRGBA
	}{
		{"#1E88E5", true, color.NRGBA{0x1e, 0x88, 0xe5, 0xff}},
		{"#000000", true, color.NRGBA{A: 0xff}},
		{"#ggg000", false, color.NRGBA{}},
		{"1E88E5", false, color.NRGBA{}},
		{"#+12345", false, color.NRGBA{}},
		{"", false, color.NRGBA{}},
	}
	for _, tt := range tests {
		c, ok := parseColor(tt.in)
		if ok != tt.ok || c != tt.c {
			t.Errorf("parseColor(%q) = %v, %v; want %v, %v", tt.in, c, ok, tt.c, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodTOML))
	f.Add([]byte("[colors]\nx = 1\n"))
	f.Add([]byte("layout = \"click2call\"\ncallnumber = \"1\"\nscreens = []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSkin) {
				t.Fatalf("error %v does not match ErrInvalidSkin", err)
			}
			return
		}
		for role, c := range s.Colors {
			if !isHexColor(c) {
				t.Fatalf("accepted colour %s = %q", role, c)
			}
		}
	})
}
