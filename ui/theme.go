package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"softphone/skins"
)

// skinTheme is the fyne theme a skin describes: the colours it sets, colours derived from
// them, and its sizes; everything else comes from the base theme. When the skin sets a
// background the light or dark variant follows that background, not the system.
type skinTheme struct {
	base    fyne.Theme
	colors  map[fyne.ThemeColorName]color.Color
	variant fyne.ThemeVariant
	forced  bool // variant overrides the system's
	sizes   map[fyne.ThemeSizeName]float32
}

// fyne's default sizes that skin sizes scale from.
const (
	baseTextSize    = 14
	basePadding     = 6
	baseInlineIcons = 20
)

// NewTheme returns the fyne theme for skin s on top of fyne's default theme.
func NewTheme(s skins.Skin) fyne.Theme {
	t := &skinTheme{base: theme.DefaultTheme(), colors: map[fyne.ThemeColorName]color.Color{},
		sizes: map[fyne.ThemeSizeName]float32{}}
	t.setColors(s)
	t.setSizes(s)
	return t
}

// setColors fills t.colors from the roles s sets.
func (t *skinTheme) setColors(s skins.Skin) {
	if p, ok := s.Color(skins.ColorPrimary); ok {
		t.colors[theme.ColorNamePrimary] = p
		t.colors[theme.ColorNameHyperlink] = p
		t.colors[theme.ColorNameFocus] = withAlpha(p, 0x7f)
		t.colors[theme.ColorNameSelection] = withAlpha(p, 0x3f)
		t.colors[theme.ColorNameForegroundOnPrimary] = contrast(p)
	}
	if c, ok := s.Color(skins.ColorSuccess); ok {
		t.colors[theme.ColorNameSuccess] = c
		t.colors[theme.ColorNameForegroundOnSuccess] = contrast(c)
	}
	if c, ok := s.Color(skins.ColorDanger); ok {
		t.colors[theme.ColorNameError] = c
		t.colors[theme.ColorNameForegroundOnError] = contrast(c)
	}
	bg, hasBG := s.Color(skins.ColorBackground)
	fg, hasFG := s.Color(skins.ColorForeground)
	if hasBG {
		t.forced = true
		t.variant = theme.VariantLight
		if luminance(bg) < 0.5 {
			t.variant = theme.VariantDark
		}
		if !hasFG {
			fg, hasFG = contrast(bg), true
		}
		t.setSurface(bg, fg)
	}
	if hasFG {
		t.colors[theme.ColorNameForeground] = fg
		t.colors[theme.ColorNameDisabled] = withAlpha(fg, 0x42)
		t.colors[theme.ColorNamePlaceHolder] = withAlpha(fg, 0x88)
		t.colors[theme.ColorNameHover] = withAlpha(fg, 0x0f)
		t.colors[theme.ColorNamePressed] = withAlpha(fg, 0x19)
		t.colors[theme.ColorNameScrollBar] = withAlpha(fg, 0x99)
	}
	if c, ok := s.Color(skins.ColorButton); ok {
		t.colors[theme.ColorNameButton] = c
	}
}

// setSurface sets the background colours and the ones fyne derives from it.
func (t *skinTheme) setSurface(bg, fg color.NRGBA) {
	t.colors[theme.ColorNameBackground] = bg
	t.colors[theme.ColorNameOverlayBackground] = bg
	t.colors[theme.ColorNameMenuBackground] = bg
	t.colors[theme.ColorNameHeaderBackground] = mix(bg, fg, 0.04)
	t.colors[theme.ColorNameInputBackground] = mix(bg, fg, 0.06)
	t.colors[theme.ColorNameInputBorder] = mix(bg, fg, 0.25)
	t.colors[theme.ColorNameSeparator] = mix(bg, fg, 0.12)
	t.colors[theme.ColorNameButton] = mix(bg, fg, 0.10)
	t.colors[theme.ColorNameDisabledButton] = mix(bg, fg, 0.06)
}

// setSizes scales text, padding and icons from the sizes s sets.
func (t *skinTheme) setSizes(s skins.Skin) {
	if s.FontSize > 0 {
		k := s.FontSize / baseTextSize
		for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText,
			theme.SizeNameSubHeadingText, theme.SizeNameCaptionText} {
			t.sizes[n] = t.base.Size(n) * k
		}
	}
	if s.Padding > 0 {
		k := s.Padding / basePadding
		for _, n := range []fyne.ThemeSizeName{theme.SizeNamePadding, theme.SizeNameInnerPadding,
			theme.SizeNameLineSpacing} {
			t.sizes[n] = t.base.Size(n) * k
		}
	}
	if s.IconSize > 0 {
		t.sizes[theme.SizeNameInlineIcon] = s.IconSize
		t.sizes[theme.SizeNameInputRadius] = t.base.Size(theme.SizeNameInputRadius) * s.IconSize / baseInlineIcons
	}
}

// Color returns the skin's colour for n, else the base theme's for the skin's variant (when
// the skin sets a background) or v.
func (t *skinTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := t.colors[n]; ok {
		return c
	}
	if t.forced {
		v = t.variant
	}
	return t.base.Color(n, v)
}

// Font returns the base theme's font.
func (t *skinTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon returns the base theme's icon.
func (t *skinTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size returns the skin's size for n, else the base theme's.
func (t *skinTheme) Size(n fyne.ThemeSizeName) float32 {
	if s, ok := t.sizes[n]; ok {
		return s
	}
	return t.base.Size(n)
}
