package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"softphone/skins"
)

// TestSkinBottomAdvertisement: the advertisement parameter puts its link at the bottom of
// the window, under the footer; without footer or advertisement there is no bottom.
func TestSkinBottomAdvertisement(t *testing.T) {
	s := skins.Skin{Footer: "Skin footer"}
	if err := BrandSkin(&s, func(n string) string {
		return map[string]string{"advertisement": "https://ads.example.com/offer"}[n]
	}); err != nil {
		t.Fatal(err)
	}
	box, ok := skinBottom(&s).(*fyne.Container)
	if !ok || len(box.Objects) != 2 {
		t.Fatalf("bottom %#v: want the footer and the link", skinBottom(&s))
	}
	link, ok := box.Objects[1].(*widget.Hyperlink)
	if !ok || link.URL == nil || link.URL.String() != "https://ads.example.com/offer" {
		t.Fatalf("second object %#v: want a link to the advertisement", box.Objects[1])
	}
	if got := skinBottom(&skins.Skin{}); got != nil {
		t.Fatalf("bottom without footer or advertisement: %#v", got)
	}
	if _, ok := skinBottom(&skins.Skin{Advertisement: "https://ads.example.com"}).(*widget.Hyperlink); !ok {
		t.Fatal("advertisement alone: want the link")
	}
}
