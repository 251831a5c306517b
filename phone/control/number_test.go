package control

import (
	"errors"
	"testing"
)

// TestCheckNumber pins the one dial check, including where the phone's and the window's
// old checks disagreed (! and ~ in a user name, sips: URIs, a tab between digits).
func TestCheckNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string // what to dial
		bad  rune   // the character named, 0 for none
	}{
		{"", "", 0},
		{"echo", "echo", 0},
		{"1001", "1001", 0},
		{"*72#", "*72#", 0},
		{" +1 (555) 123-4567 ", "+15551234567", 0},
		{"1\t2", "12", 0},
		{"TEL:123", "123", 0},
		{"tel:+44 20", "+4420", 0},
		{"alice.b_2", "alice.b_2", 0},
		{"sip:a@b:5070", "sip:a@b:5070", 0},
		{"sips:a@b", "sips:a@b", 0},
		{"bob@pbx", "bob@pbx", 0},
		{"sip:bob@example.com;transport=tcp", "sip:bob@example.com;transport=tcp", 0},
		{"sip:~bob!@pbx", "sip:~bob!@pbx", 0},
		{"12$4", "", '$'},
		{"abc!!", "", '!'},
		{"x~", "", '~'},
		{"%41", "", '%'},
		{"a b", "", ' '},
		{"a\tb", "", '\t'},
		{"12 34#x", "", ' '},
		{"1001é", "", 'é'},
		{"sip:a b@x", "", ' '},
		{`sip:"a"@x`, "", '"'},
		{"sip:bob<@example.com", "", '<'},
	}
	for _, tt := range tests {
		got, err := CheckNumber(tt.in)
		var bad *BadCharError
		switch {
		case tt.bad == 0 && (err != nil || got != tt.want):
			t.Errorf("CheckNumber(%q) = %q, %v; want %q, nil", tt.in, got, err, tt.want)
		case tt.bad != 0 && (!errors.As(err, &bad) || bad.Char != tt.bad || !errors.Is(err, ErrInvalidNumber)):
			t.Errorf("CheckNumber(%q) = %q, %v; want ErrInvalidNumber naming %q", tt.in, got, err, tt.bad)
		}
	}
}
