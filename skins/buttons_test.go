package skins

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestScreensKeepTheirOrder(t *testing.T) {
	tests := []struct {
		toml string
		want []string
	}{
		{`screens = ["history", "phone"]`, []string{"history", "phone"}},
		{`screens = ["settings", "chat", "phone", "contacts"]`, []string{"settings", "chat", "phone", "contacts"}},
		{``, Screens()},
	}
	for _, tt := range tests {
		s, err := Parse([]byte(tt.toml))
		if err != nil {
			t.Fatalf("%s: %v", tt.toml, err)
		}
		if !slices.Equal(s.Screens, tt.want) {
			t.Errorf("%s: screens %q, want %q", tt.toml, s.Screens, tt.want)
		}
	}
}

func TestEveryHideableButtonParses(t *testing.T) {
	for _, b := range []string{ButtonRedial, ButtonDTMF, ButtonRecord, ButtonTransfer, ButtonConference,
		ButtonHold, ButtonMute, ButtonQuit} {
		s, err := Parse([]byte(`buttons = ["` + b + `"]`))
		if err != nil {
			t.Fatalf("buttons = [%q]: %v", b, err)
		}
		if !s.HasButton(b) || len(s.Buttons) != 1 {
			t.Errorf("buttons = [%q] gave %q", b, s.Buttons)
		}
	}
	_, err := Parse([]byte(`buttons = ["record", "rec"]`))
	var se *Error
	if !errors.As(err, &se) || se.Key != "buttons[1]" || se.File != "skin.toml" || !errors.Is(err, ErrUnknownKey) ||
		!strings.Contains(err.Error(), `"rec"`) {
		t.Fatalf("unknown button: %v, want an error naming skin.toml, buttons[1] and \"rec\"", err)
	}
}

func TestKioskHasNoQuitOrSettings(t *testing.T) {
	s, err := Load("kiosk")
	if err != nil {
		t.Fatal(err)
	}
	if s.HasButton(ButtonQuit) || s.HasScreen(ScreenSettings) || s.HasButton(ButtonSettings) {
		t.Fatalf("kiosk buttons %q screens %q: want no quit and no settings", s.Buttons, s.Screens)
	}
}
