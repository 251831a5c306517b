package assets

import (
	"bytes"
	"encoding/xml"
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

func TestPhoneIconIsSVG(t *testing.T) {
	var doc struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(PhoneIcon().Content(), &doc); err != nil {
		t.Fatalf("parse phone.svg: %v", err)
	}
	if doc.XMLName.Local != "svg" || doc.ViewBox != "0 0 24 24" {
		t.Fatalf("phone.svg root = %s viewBox %q, want svg 0 0 24 24", doc.XMLName.Local, doc.ViewBox)
	}
}
