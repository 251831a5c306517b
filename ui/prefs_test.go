package ui

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestWindowSizePreferences(t *testing.T) {
	tests := []struct {
		name string
		w, h float64 // saved; 0 = none
		want fyne.Size
	}{
		{"nothing saved", 0, 0, defaultWindowSize()},
		{"saved", 500, 700, fyne.NewSize(500, 700)},
		{"too small widened", 10, 20, minWindowSize()},
		{"too large narrowed", 1e6, 1e6, maxWindowSize()},
		{"garbage", math.NaN(), -3, defaultWindowSize()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := test.NewTempApp(t).Preferences()
			if tt.w != 0 {
				p.SetFloat(prefWindowWidth, tt.w)
				p.SetFloat(prefWindowHeight, tt.h)
			}
			if got := loadWindowSize(p); got != tt.want {
				t.Fatalf("loadWindowSize = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSaveWindowSizeSkipsEmpty(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	saveWindowSize(p, fyne.NewSize(0, 0))
	if p.FloatWithFallback(prefWindowWidth, -1) != -1 {
		t.Fatal("saved a window that was never laid out")
	}
	saveWindowSize(p, fyne.NewSize(420, 690))
	if got := loadWindowSize(p); got != fyne.NewSize(420, 690) {
		t.Fatalf("round trip = %v", got)
	}
}

func TestWindowRemembersSize(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetFloat(prefWindowWidth, 520)
	a.Preferences().SetFloat(prefWindowHeight, 760)
	vm := NewViewModel(newFakeController(nil), WithDispatcher(func(f func()) { f() }), WithWorker(func(f func()) { f() }))
	w := newWindow(a, vm, Options{Brand: "Acme"})
	if got := w.win.Canvas().Size(); got != fyne.NewSize(520, 760) {
		t.Fatalf("window opened at %v, want the saved 520x760", got)
	}
	w.win.Resize(fyne.NewSize(600, 800))
	w.Close()
	if got := loadWindowSize(a.Preferences()); got != fyne.NewSize(600, 800) {
		t.Fatalf("saved %v on close, want 600x800", got)
	}
}
