package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconIsA256PNG(t *testing.T) {
	res := Icon()
	if res.Name() != "icon.png" {
		t.Fatalf("Icon().Name() = %q, want icon.png", res.Name())
	}
	img, err := png.Decode(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatalf("decode icon: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("icon is %dx%d, want 256x256", b.Dx(), b.Dy())
	}
}
