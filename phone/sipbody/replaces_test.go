package sipbody

import (
	"errors"
	"strings"
	"testing"
)

func TestParseReplaces(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		want    Replaces
		wantErr string
	}{
		{"RFC 3891 example", "425928@bobster.example.org;to-tag=7743;from-tag=6472",
			Replaces{CallID: "425928@bobster.example.org", ToTag: "7743", FromTag: "6472"}, ""},
		{"early-only, spaces, case", " abc@h ; From-Tag = 2 ;TO-TAG=1; early-only ",
			Replaces{CallID: "abc@h", ToTag: "1", FromTag: "2", EarlyOnly: true}, ""},
		{"unknown params ignored, quoted tag", `x;foo=bar;to-tag="q1";from-tag=f`,
			Replaces{CallID: "x", ToTag: "q1", FromTag: "f"}, ""},
		{"no call-id", ";to-tag=1;from-tag=2", Replaces{}, "no Call-ID"},
		{"empty", "", Replaces{}, "no Call-ID"},
		{"no to-tag", "abc;from-tag=2", Replaces{}, "needs both to-tag and from-tag"},
		{"empty from-tag", "abc;to-tag=1;from-tag=", Replaces{}, "needs both"},
		{"space in call-id", "a b;to-tag=1;from-tag=2", Replaces{}, "holds a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseReplaces(tt.value)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrBadReplaces) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want ErrBadReplaces containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v %v, want %+v", got, err, tt.want)
			}
		})
	}
}

func TestReplacesString(t *testing.T) {
	r := Replaces{CallID: "abc@h", ToTag: "1", FromTag: "2"}
	if got := r.String(); got != "abc@h;to-tag=1;from-tag=2" {
		t.Errorf("String() = %q", got)
	}
	if got := r.URIHeader(); got != "Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2" {
		t.Errorf("URIHeader() = %q", got)
	}
	r.EarlyOnly = true
	if got := r.String(); got != "abc@h;to-tag=1;from-tag=2;early-only" {
		t.Errorf("String() early-only = %q", got)
	}
	if back, err := ParseReplaces(r.String()); err != nil || back != r {
		t.Errorf("round trip %+v, %v", back, err)
	}
}

func TestParseReferTo(t *testing.T) {
	rep := &Replaces{CallID: "abc@h", ToTag: "1", FromTag: "2"}
	tests := []struct {
		name     string
		value    string
		target   string
		replaces *Replaces
		wantErr  string
	}{
		{"attended", "<sip:b@host?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>", "sip:b@host", rep, ""},
		{"attended, lower-case hex, other header", "<sip:b@host;transport=tcp?Require=replaces&replaces=abc%40h%3bto-tag%3d1%3bfrom-tag%3d2>",
			"sip:b@host;transport=tcp", rep, ""},
		{"blind in brackets", "<sip:2222@pbx.example.com>", "sip:2222@pbx.example.com", nil, ""},
		{"display name and header params", `"Carol" <sips:c@h:5061>;method=INVITE`, "sips:c@h:5061", nil, ""},
		{"bare", "sip:c@h", "sip:c@h", nil, ""},
		{"bare with header param", " sip:c@h;foo=bar ", "sip:c@h", nil, ""},
		{"tel", "<tel:+15551234>", "tel:+15551234", nil, ""},
		{"empty", "  ", "", nil, "empty value"},
		{"unclosed", "<sip:b@host", "", nil, "no closing '>'"},
		{"not a uri", "<bob>", "", nil, `"bob" is not a URI`},
		{"bad scheme", "<1sip:b@h>", "", nil, "bad URI scheme"},
		{"bad escape", "<sip:b@h?Replaces=abc%4>", "", nil, "bad escape"},
		{"replaces without tags", "<sip:b@h?Replaces=abc>", "", nil, "needs both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, r, err := ParseReferTo(tt.value)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrBadReferTo) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want ErrBadReferTo containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || target != tt.target || (r == nil) != (tt.replaces == nil) || (r != nil && *r != *tt.replaces) {
				t.Fatalf("got %q %+v %v, want %q %+v", target, r, err, tt.target, tt.replaces)
			}
		})
	}
}

func TestFormatReferTo(t *testing.T) {
	rep := &Replaces{CallID: "abc@h", ToTag: "1", FromTag: "2", EarlyOnly: true}
	tests := []struct {
		target string
		r      *Replaces
		want   string
	}{
		{"sip:b@host", nil, "<sip:b@host>"},
		{"sip:b@host", rep, "<sip:b@host?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2%3Bearly-only>"},
		{"sip:b@host?X=1", rep, "<sip:b@host?X=1&Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2%3Bearly-only>"},
	}
	for _, tt := range tests {
		got := FormatReferTo(tt.target, tt.r)
		if got != tt.want {
			t.Errorf("FormatReferTo(%q) = %q, want %q", tt.target, got, tt.want)
		}
		if _, r, err := ParseReferTo(got); err != nil || (tt.r != nil && (r == nil || *r != *tt.r)) {
			t.Errorf("round trip of %q: %+v %v", got, r, err)
		}
	}
}
