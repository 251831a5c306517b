package assets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// inkAt24 renders the phone icon as the Phone tab does (a themed resource) at 24x24 px and
// returns which pixels are drawn in the theme's foreground colour.
func inkAt24(t *testing.T) (ink [24][24]bool, count int) {
	t.Helper()
	test.NewTempApp(t)
	img := canvas.NewImageFromResource(theme.NewThemedResource(PhoneIcon()))
	img.FillMode = canvas.ImageFillContain
	w := test.NewTempWindow(t, img)
	w.SetPadded(false)
	w.Resize(fyne.NewSquareSize(24))
	shot := w.Canvas().Capture()
	b := shot.Bounds()
	if b.Dx() < 24 || b.Dy() < 24 {
		t.Fatalf("capture is %v, want at least 24x24", b)
	}
	fg, bg := luma(theme.Color(theme.ColorNameForeground)), luma(theme.Color(theme.ColorNameBackground))
	for y := range 24 {
		for x := range 24 {
			if l := luma(shot.At(b.Min.X+x, b.Min.Y+y)); 2*absDiff(l, bg) > absDiff(fg, bg) {
				ink[y][x] = true
				count++
			}
		}
	}
	return ink, count
}

// luma is the mean of c's colour channels.
func luma(c color.Color) int {
	r, g, b, _ := c.RGBA()
	return int(r+g+b) / 3
}

// absDiff is |a-b|.
func absDiff(a, b int) int { return max(a-b, b-a) }

// TestPhoneIconIsSolidAt24 guards against a glyph that falls apart into dots at tab size: the
// handset must cover a good part of the square and be one connected shape.
func TestPhoneIconIsSolidAt24(t *testing.T) {
	ink, count := inkAt24(t)
	if count < 24*24/6 {
		t.Fatalf("only %d of 576 pixels drawn at 24 px, want a solid glyph (>= 96)", count)
	}
	var seen [24][24]bool
	largest := 0
	for y := range 24 {
		for x := range 24 {
			if ink[y][x] && !seen[y][x] {
				largest = max(largest, flood(&ink, &seen, x, y))
			}
		}
	}
	if largest*10 < count*9 {
		t.Fatalf("largest connected part is %d of %d drawn pixels; the glyph falls apart", largest, count)
	}
}

// flood counts the 8-connected drawn pixels reachable from (x, y), marking them seen.
func flood(ink, seen *[24][24]bool, x, y int) int {
	stack := [][2]int{{x, y}}
	seen[y][x] = true
	n := 0
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n++
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				nx, ny := p[0]+dx, p[1]+dy
				if nx >= 0 && nx < 24 && ny >= 0 && ny < 24 && ink[ny][nx] && !seen[ny][nx] {
					seen[ny][nx] = true
					stack = append(stack, [2]int{nx, ny})
				}
			}
		}
	}
	return n
}
