package ui

import (
	"math"

	"fyne.io/fyne/v2"
)

// Preference keys under which the window's size is remembered.
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

// defaultWindowSize is the size the window opens at the first time.
func defaultWindowSize() fyne.Size { return fyne.NewSize(380, 640) }

// minWindowSize is the smallest size restored: a saved size below it is widened.
func minWindowSize() fyne.Size { return fyne.NewSize(300, 400) }

// maxWindowSize is the largest size restored.
func maxWindowSize() fyne.Size { return fyne.NewSize(8192, 8192) }

// loadWindowSize returns the window size saved in p, clamped to sane limits; the default
// size when none (or garbage) was saved.
func loadWindowSize(p fyne.Preferences) fyne.Size {
	if p == nil {
		return defaultWindowSize()
	}
	w := p.FloatWithFallback(prefWindowWidth, 0)
	h := p.FloatWithFallback(prefWindowHeight, 0)
	if !sizeOK(w) || !sizeOK(h) {
		return defaultWindowSize()
	}
	return fyne.NewSize(
		clamp(float32(w), minWindowSize().Width, maxWindowSize().Width),
		clamp(float32(h), minWindowSize().Height, maxWindowSize().Height),
	)
}

// saveWindowSize remembers s in p; a zero or nonsense size (a window never laid out) is not
// saved.
func saveWindowSize(p fyne.Preferences, s fyne.Size) {
	if p == nil || !sizeOK(float64(s.Width)) || !sizeOK(float64(s.Height)) {
		return
	}
	p.SetFloat(prefWindowWidth, float64(s.Width))
	p.SetFloat(prefWindowHeight, float64(s.Height))
}

// sizeOK reports whether v can be a window dimension.
func sizeOK(v float64) bool { return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// clamp limits v to lo..hi.
func clamp(v, lo, hi float32) float32 { return min(max(v, lo), hi) }
