package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"softphone/skins"
)

// translationFiles holds en.json, pt_BR.json and ru.json: English text -> translation.
//
//go:embed translations/*.json
var translationFiles embed.FS

// translationLocales are the languages the window is translated to.
func translationLocales() []fyne.Locale { return []fyne.Locale{"en", "pt-BR", "ru"} }

// LoadTranslations adds the window's translations to fyne's lang package, then the string
// overrides of skin s (nil for none) for every language, so the skin's text wins whichever
// language the system picks. Call it once, before New.
func LoadTranslations(s *skins.Skin) error {
	if err := lang.AddTranslationsFS(translationFiles, "translations"); err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	if s == nil || len(s.Strings) == 0 {
		return nil
	}
	data, err := json.Marshal(s.Strings)
	if err != nil {
		return fmt.Errorf("skin %s strings: %w", s.File, err)
	}
	for _, loc := range translationLocales() {
		if err := lang.AddTranslationsForLocale(data, loc); err != nil {
			return fmt.Errorf("skin %s strings for %s: %w", s.File, loc, err)
		}
	}
	return nil
}

// CheckSkinStrings reports a string override in s for text the window never shows (usually
// a typo), naming the skin file and the key.
func CheckSkinStrings(s skins.Skin) error {
	data, err := translationFiles.ReadFile("translations/en.json")
	if err != nil {
		return fmt.Errorf("read en.json: %w", err)
	}
	known := map[string]string{}
	if err := json.Unmarshal(data, &known); err != nil {
		return fmt.Errorf("en.json: %w", err)
	}
	for _, key := range slices.Sorted(maps.Keys(s.Strings)) {
		if _, ok := known[key]; !ok {
			return &skins.Error{File: s.File, Key: "strings." + key,
				Err: fmt.Errorf("%w: the window shows no such text", skins.ErrUnknownKey)}
		}
	}
	return nil
}
