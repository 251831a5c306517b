package presence

import (
	"errors"
	"testing"
)

func TestNormalizeStatus(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"Online", Online, nil},
		{"online", Online, nil},
		{" Available ", Online, nil},
		{"Away", Away, nil},
		{"DND", DND, nil},
		{"DoNotDisturb", DND, nil},
		{"busy", DND, nil},
		{"Invisible", Invisible, nil},
		{"OFFLINE", Offline, nil},
		{"", "", ErrUnknownStatus},
		{"Sleeping", "", ErrUnknownStatus},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeStatus(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("NormalizeStatus(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestNotificationName(t *testing.T) {
	tests := []struct{ in, want string }{
		{Online, "Available"},
		{DND, "DoNotDisturb"},
		{Away, "Away"},
		{Speaking, "Speaking"},
		{Offline, "Offline"},
		{Unknown, "Unknown"},
	}
	for _, tt := range tests {
		if got := NotificationName(tt.in); got != tt.want {
			t.Errorf("NotificationName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
