package ui

import (
	"errors"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
	"softphone/skins"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden/*/*.png from the current rendering")

// goldenSize is the window size the golden images are rendered at.
func goldenSize() fyne.Size { return fyne.NewSize(380, 640) }

// newSkinHarness is newHarness with a skin (and the error that made the window fall back).
func newSkinHarness(t *testing.T, s *skins.Skin, skinErr error) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{
		t: t, fake: newFakeController(nil), queue: &uiQueue{}, work: &uiQueue{},
		clock:  &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
		timers: &fakeTimers{},
	}
	h.vm = NewViewModel(h.fake, WithDispatcher(h.queue.add), WithWorker(h.work.add),
		WithClock(h.clock.Now), WithAfterFunc(h.timers.after))
	h.w = newWindow(a, h.vm, Options{Brand: brandOf(s), Skin: s, SkinErr: skinErr})
	h.w.raise = func() { h.raised++ }
	t.Cleanup(h.w.Close)
	h.settle()
	return h
}

// brandOf is the skin's brand, or empty for none.
func brandOf(s *skins.Skin) string {
	if s == nil {
		return ""
	}
	return s.BrandName
}

// loadSkin loads a bundled skin or fails the test.
func loadSkin(t *testing.T, name string) *skins.Skin {
	t.Helper()
	s, err := skins.Load(name)
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	return &s
}

// tabTitles lists the window's tab titles.
func tabTitles(w *Window) []string {
	var titles []string
	for _, it := range w.tabs.Items {
		titles = append(titles, it.Text)
	}
	return titles
}

func TestSkinScreens(t *testing.T) {
	tests := []struct {
		skin string
		want []string
	}{
		{"default", []string{"Phone", "Contacts", "Chat", "History", "Account", "Settings"}},
		{"kiosk", []string{"Phone", "Contacts"}},
	}
	for _, tt := range tests {
		t.Run(tt.skin, func(t *testing.T) {
			h := newSkinHarness(t, loadSkin(t, tt.skin), nil)
			if got := tabTitles(h.w); !slices.Equal(got, tt.want) {
				t.Errorf("tabs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSkinButtons(t *testing.T) {
	h := newSkinHarness(t, loadSkin(t, "kiosk"), nil)
	c := h.w.phone.panel.controls
	if c.hold.Hidden || c.mute.Hidden {
		t.Error("kiosk lists hold and mute but they are hidden")
	}
	if len(c.forms.content.Items) != 0 || c.forms.content.Visible() {
		t.Errorf("kiosk has no transfer or conference, but %d forms are shown", len(c.forms.content.Items))
	}
	d := newSkinHarness(t, loadSkin(t, "default"), nil)
	if n := len(d.w.phone.panel.controls.forms.content.Items); n != 2 {
		t.Errorf("default skin shows %d call forms, want transfer and conference", n)
	}
}

func TestClickToCallDialsTheSkinNumber(t *testing.T) {
	s := loadSkin(t, "click2call")
	h := newSkinHarness(t, s, nil)
	btn := firstVisibleButton(h.w.win.Content())
	if btn == nil {
		t.Fatal("no button in the click2call window")
	}
	test.Tap(btn)
	h.settle()
	if !slices.Contains(h.fake.commands(), "Call sales") {
		t.Fatalf("commands = %q, want Call sales", h.fake.commands())
	}
}

// firstVisibleButton returns the first visible button in o's tree.
func firstVisibleButton(o fyne.CanvasObject) *widget.Button {
	if !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *widget.Button:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := firstVisibleButton(c); b != nil {
				return b
			}
		}
	}
	return nil
}

func TestSkinErrorShownInNotice(t *testing.T) {
	skinErr := &skins.Error{File: "acme/skin.toml", Key: "colors.primary", Err: skins.ErrBadColor}
	h := newSkinHarness(t, loadSkin(t, "default"), skinErr)
	got, err := h.vm.Notice.Get()
	if err != nil || !strings.Contains(got, "acme/skin.toml: colors.primary") {
		t.Fatalf("notice = %q, %v; want the file and key", got, err)
	}
	if !h.w.phone.notice.Visible() {
		t.Error("notice line hidden")
	}
}

func TestCheckSkinStrings(t *testing.T) {
	tests := []struct {
		strings map[string]string
		key     string
	}{
		{map[string]string{"Call": "Dial"}, ""},
		{map[string]string{"Cal": "Dial"}, "strings.Cal"},
	}
	for _, tt := range tests {
		err := CheckSkinStrings(skins.Skin{File: "x/skin.toml", Strings: tt.strings})
		var se *skins.Error
		switch {
		case tt.key == "" && err != nil:
			t.Errorf("%v: %v", tt.strings, err)
		case tt.key != "" && (!errors.As(err, &se) || se.Key != tt.key || !errors.Is(err, skins.ErrUnknownKey)):
			t.Errorf("%v: error %v, want key %s", tt.strings, err, tt.key)
		}
	}
}

func TestThemeFromSkin(t *testing.T) {
	dark := NewTheme(*loadSkin(t, "dark"))
	def := NewTheme(*loadSkin(t, "default"))
	rgb := func(hex uint32) color.Color {
		return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
	}
	same := func(a, b color.Color) bool {
		r1, g1, b1, a1 := a.RGBA()
		r2, g2, b2, a2 := b.RGBA()
		return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
	}
	tests := []struct {
		name  string
		th    fyne.Theme
		color fyne.ThemeColorName
		v     fyne.ThemeVariant
		want  color.Color
	}{
		{"dark background in light mode", dark, theme.ColorNameBackground, theme.VariantLight, rgb(0x121212)},
		{"dark foreground", dark, theme.ColorNameForeground, theme.VariantLight, rgb(0xECEFF1)},
		{"dark button", dark, theme.ColorNameButton, theme.VariantLight, rgb(0x263238)},
		{"dark unset follows its background", dark, theme.ColorNameShadow, theme.VariantLight,
			theme.DefaultTheme().Color(theme.ColorNameShadow, theme.VariantDark)},
		{"default primary", def, theme.ColorNamePrimary, theme.VariantDark, rgb(0x1E88E5)},
		{"default danger", def, theme.ColorNameError, theme.VariantLight, rgb(0xC62828)},
		{"default background light", def, theme.ColorNameBackground, theme.VariantLight,
			theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)},
		{"default background dark", def, theme.ColorNameBackground, theme.VariantDark,
			theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)},
		{"text on primary", def, theme.ColorNameForegroundOnPrimary, theme.VariantLight, rgb(0xFFFFFF)},
	}
	for _, tt := range tests {
		if got := tt.th.Color(tt.color, tt.v); !same(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	kiosk := NewTheme(*loadSkin(t, "kiosk"))
	if got := kiosk.Size(theme.SizeNameText); got != 20 {
		t.Errorf("kiosk text size %v, want 20", got)
	}
	if got := kiosk.Size(theme.SizeNameInlineIcon); got != 32 {
		t.Errorf("kiosk icon size %v, want 32", got)
	}
	if got, base := kiosk.Size(theme.SizeNamePadding), theme.DefaultTheme().Size(theme.SizeNamePadding); got <= base {
		t.Errorf("kiosk padding %v, want more than %v", got, base)
	}
	if got := def.Size(theme.SizeNameText); got != theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Errorf("default text size %v, want the theme's", got)
	}
}

// TestGoldenScreens renders every screen of every shipped skin and compares it with
// testdata/golden/<skin>/<screen>.png. Run with -update-golden to rewrite the images.
func TestGoldenScreens(t *testing.T) {
	for _, name := range skins.Names() {
		t.Run(name, func(t *testing.T) {
			s := loadSkin(t, name)
			h := newSkinHarness(t, s, nil)
			h.w.win.Resize(goldenSize())
			screens := map[string]func(){}
			if s.Layout == skins.LayoutClick2Call {
				screens["click2call"] = func() {}
			} else {
				for _, it := range h.w.tabs.Items {
					screens[strings.ToLower(it.Text)] = func() { h.w.tabs.Select(it) }
				}
			}
			for screen, show := range screens {
				show()
				h.settle()
				img := h.w.win.Canvas().Capture()
				checkGolden(t, filepath.Join("golden", name, screen+".png"), img)
			}
		})
	}
}

// TestGoldenInCall renders the Phone tab of every tabbed skin during an encrypted call being
// recorded (lock beside the state, REC mark, Stop recording) and compares it with
// testdata/golden/<skin>/incall.png.
func TestGoldenInCall(t *testing.T) {
	for _, name := range skins.Names() {
		s := loadSkin(t, name)
		if s.Layout != skins.LayoutStandard {
			continue
		}
		t.Run(name, func(t *testing.T) {
			h := newSkinHarness(t, s, nil)
			h.w.win.Resize(goldenSize())
			h.push(lineEvent(control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionOutgoing,
				Peer: "2222", PeerDisplayName: "Katie", CallID: "c1", Codec: "PCMU", Encrypted: true,
				Recording: "/tmp/c1.wav", Connected: h.clock.Now()}))
			h.w.tabs.SelectIndex(0)
			h.settle()
			checkGolden(t, filepath.Join("golden", name, "incall.png"), h.w.win.Canvas().Capture())
		})
	}
}

// checkGolden compares img with testdata/<rel>, or writes it there with -update-golden.
func checkGolden(t *testing.T, rel string, img image.Image) {
	t.Helper()
	if *updateGolden {
		p := filepath.Join("testdata", rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertImageMatches(t, rel, img)
}

func BenchmarkSkinThemeColor(b *testing.B) {
	s, err := skins.Load("dark")
	if err != nil {
		b.Fatal(err)
	}
	th := NewTheme(s)
	b.ReportAllocs()
	for b.Loop() {
		th.Color(theme.ColorNameBackground, theme.VariantLight)
		th.Color(theme.ColorNameShadow, theme.VariantLight)
	}
}
