package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// useLanguage makes fyne's lang translate to the system language locale (e.g. ru_RU.UTF-8)
// with the window's bundles loaded, and back to the test's own language when t ends. Not for
// parallel tests: the translator is process-wide.
func useLanguage(t *testing.T, locale string) {
	t.Helper()
	en, err := translationFiles.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	// Registered before t.Setenv, so it runs after the environment is restored; adding a
	// bundle makes lang pick the system language again.
	t.Cleanup(func() {
		if err := lang.AddTranslationsForLocale(en, "en"); err != nil {
			t.Errorf("restore language: %v", err)
		}
	})
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		t.Setenv(name, "")
	}
	t.Setenv("LC_ALL", locale)
	if err := LoadTranslations(nil); err != nil {
		t.Fatal(err)
	}
}

// findTexts collects the texts of the labels and card titles under o.
func findTexts(o fyne.CanvasObject, into map[string]bool) {
	switch w := o.(type) {
	case *widget.Label:
		into[w.Text] = true
	case *widget.Card:
		into[w.Title] = true
		into[w.Subtitle] = true
		if w.Content != nil {
			findTexts(w.Content, into)
		}
	case *widget.Check:
		into[w.Text] = true
	case *fyne.Container:
		for _, c := range w.Objects {
			findTexts(c, into)
		}
	case *container.Scroll:
		findTexts(w.Content, into)
	}
}

func TestWindowInRussian(t *testing.T) {
	useLanguage(t, "ru_RU.UTF-8")
	h := newHarness(t, configured)

	var titles []string
	for _, it := range h.w.tabs.Items {
		titles = append(titles, it.Text)
	}
	want := []string{"Телефон", "Контакты", "Чат", "История", "Учётная запись", "Настройки"}
	if len(titles) != len(want) {
		t.Fatalf("tabs = %q, want %q", titles, want)
	}
	for i := range want {
		if titles[i] != want[i] {
			t.Errorf("tab %d = %q, want %q", i, titles[i], want[i])
		}
	}
	if got := h.w.phone.call.Text; got != "Позвонить" {
		t.Errorf("Call button = %q, want Позвонить", got)
	}
	if got := h.w.header.status.Text; got != "Готов" {
		t.Errorf("header = %q, want Готов", got)
	}

	h.push(lineEvent(control.Line{Line: 1, State: control.StateRinging, Direction: control.DirectionIncoming,
		Peer: "2222", PeerDisplayName: "Katie"}))
	if got, want := h.w.phone.incoming.text.Text, "Входящий звонок от Katie 2222"; got != want {
		t.Errorf("incoming = %q, want %q", got, want)
	}
	h.push(lineEvent(control.Line{Line: 1, State: control.StateInCall, Direction: control.DirectionIncoming,
		Peer: "2222", Codec: "PCMU"}))
	if got, want := h.w.phone.panel.state.Text, "Разговор · PCMU"; got != want {
		t.Errorf("call state = %q, want %q", got, want)
	}

	texts := map[string]bool{}
	findTexts(h.w.settings.content, texts)
	for _, text := range []string{"Звук", "Кодеки", "Микрофон", "Не беспокоить (Ctrl+D)", "Локальный порт SIP"} {
		if !texts[text] {
			t.Errorf("Settings shows no %q", text)
		}
	}
}

// TestLanguageRestored checks that useLanguage leaves the language as it found it.
func TestLanguageRestored(t *testing.T) {
	before := lang.L("Hang up")
	t.Run("russian", func(t *testing.T) {
		useLanguage(t, "ru_RU.UTF-8")
		if got := lang.L("Hang up"); got != "Положить трубку" {
			t.Fatalf("Hang up = %q in Russian", got)
		}
	})
	if got := lang.L("Hang up"); got != before {
		t.Fatalf("Hang up = %q after the Russian test, want %q as before", got, before)
	}
}
