package sipbody

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSipfrag(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		code    int
		reason  string
		wantErr string
	}{
		{"ringing", "SIP/2.0 180 Ringing", 180, "Ringing", ""},
		{"with CRLF and headers", "SIP/2.0 200 OK\r\nContact: <sip:c@h>\r\n\r\n", 200, "OK", ""},
		{"leading blank lines", "\r\n\r\nSIP/2.0 100 Trying\r\n", 100, "Trying", ""},
		{"multi-word reason", "SIP/2.0 486 Busy Here\n", 486, "Busy Here", ""},
		{"no reason", "SIP/2.0 503\r\n", 503, "", ""},
		{"lower-case version", "sip/2.0 603 Decline", 603, "Decline", ""},
		{"empty", "", 0, "", "empty body"},
		{"request line", "INVITE sip:b@h SIP/2.0\r\n", 0, "", "not a SIP/2.0 status line"},
		{"bad code", "SIP/2.0 2OO OK", 0, "", `status code "2OO"`},
		{"code out of range", "SIP/2.0 999 Huh", 0, "", "100-699"},
		{"four digits", "SIP/2.0 1800 Ringing", 0, "", `"1800"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, reason, err := ParseSipfrag([]byte(tt.body))
			if tt.wantErr != "" {
				if !errors.Is(err, ErrBadSipfrag) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want ErrBadSipfrag containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || code != tt.code || reason != tt.reason {
				t.Fatalf("got %d %q %v, want %d %q", code, reason, err, tt.code, tt.reason)
			}
		})
	}
}

func TestFormatSipfrag(t *testing.T) {
	tests := []struct {
		code   int
		reason string
		want   string
	}{
		{200, "OK", "SIP/2.0 200 OK\r\n"},
		{180, "", "SIP/2.0 180 Ringing\r\n"},
		{486, "Busy\r\nInjected: x", "SIP/2.0 486 Busy  Injected: x\r\n"},
		{299, "", "SIP/2.0 299 \r\n"},
		{42, "Nope", "SIP/2.0 500 Server Internal Error\r\n"},
	}
	for _, tt := range tests {
		got := string(FormatSipfrag(tt.code, tt.reason))
		if got != tt.want {
			t.Errorf("FormatSipfrag(%d, %q) = %q, want %q", tt.code, tt.reason, got, tt.want)
		}
		wantCode := tt.code
		if wantCode < 100 {
			wantCode = 500
		}
		if code, _, err := ParseSipfrag([]byte(got)); err != nil || code != wantCode {
			t.Errorf("round trip of %q: %d, %v; want %d", got, code, err, wantCode)
		}
	}
}
