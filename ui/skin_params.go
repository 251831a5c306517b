package ui

import (
	"fmt"

	"softphone/phone/params"
	"softphone/skins"
)

// BrandSkin applies the seed's branding parameters to s: header, footer and logo, when set,
// replace the skin's, and advertisement adds its link at the bottom (a logo ending in .png or .svg is read from that file, another value is
// shown as text). get returns a parameter's value. A logo file that cannot be read leaves the
// skin's logo and gives an error naming the parameter and its value.
func BrandSkin(s *skins.Skin, get func(name string) string) error {
	if v := get("header"); v != "" {
		s.Header = v
	}
	if v := get("footer"); v != "" {
		s.Footer = v
	}
	s.Advertisement = get("advertisement")
	v := get("logo")
	switch {
	case v == "":
	case params.IsLogoFile(v):
		data, err := skins.ReadLogoFile(v)
		if err != nil {
			return fmt.Errorf("parameter %q: value %q: %w", "logo", v, err)
		}
		s.Logo, s.LogoData, s.LogoText = v, data, ""
	default:
		s.Logo, s.LogoData, s.LogoText = "", nil, v
	}
	return nil
}
