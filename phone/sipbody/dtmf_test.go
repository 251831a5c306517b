package sipbody

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFormatDTMFRelay(t *testing.T) {
	tests := []struct {
		digit rune
		dur   time.Duration
		want  string
	}{
		{'5', 160 * time.Millisecond, "Signal=5\r\nDuration=160\r\n"},
		{'#', 250 * time.Millisecond, "Signal=#\r\nDuration=250\r\n"},
		{'d', 100*time.Millisecond + 900*time.Microsecond, "Signal=D\r\nDuration=100\r\n"},
		{'*', -time.Second, "Signal=*\r\nDuration=0\r\n"},
		{'x', time.Second, ""},
		{'E', time.Second, ""},
	}
	for _, tt := range tests {
		if got := string(FormatDTMFRelay(tt.digit, tt.dur)); got != tt.want {
			t.Errorf("FormatDTMFRelay(%q, %v) = %q, want %q", tt.digit, tt.dur, got, tt.want)
		}
	}
}

func TestParseDTMFRelay(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		digit   rune
		dur     time.Duration
		wantErr string // substring of the error; "" = no error
	}{
		{"dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5', 160 * time.Millisecond, ""},
		{"bare LF, spaces, any case, other keys", "duration = 250\nSIGNAL= #\nVolume=10\n", '#', 250 * time.Millisecond, ""},
		{"no duration", "Signal=A", 'A', 0, ""},
		{"lower-case letter digit", "Signal=c\r\nDuration=100", 'C', 100 * time.Millisecond, ""},
		{"event code for star", "Signal=10\r\nDuration=100", '*', 100 * time.Millisecond, ""},
		{"event code for hash", "Signal=11", '#', 0, ""},
		{"event code zero-padded", "Signal=05", '5', 0, ""},
		{"application/dtmf", "7", '7', 0, ""},
		{"application/dtmf with newline", " *\r\n", '*', 0, ""},
		{"empty", "  \r\n", 0, 0, "empty body"},
		{"bad digit named", "Signal=X\r\nDuration=100", 0, 0, `'X' is not a DTMF digit`},
		{"flash event", "Signal=16", 0, 0, `"16"`},
		{"two digits", "Signal=123", 0, 0, `"123" is not one DTMF digit`},
		{"no signal", "Duration=100", 0, 0, "no Signal"},
		{"bad duration", "Signal=1\r\nDuration=abc", 0, 0, `Duration "abc"`},
		{"negative duration", "Signal=1\r\nDuration=-5", 0, 0, "Duration"},
		{"huge duration", "Signal=1\r\nDuration=99999999999999999", 0, 0, "Duration"},
		{"garbage line", "Signal=1\r\nhello\r\n", 0, 0, `"hello" is not key=value`},
		{"application/dtmf bad", "Z", 0, 0, `'Z'`},
		{"unicode", "Signal=٣", 0, 0, "not a DTMF digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, dur, err := ParseDTMFRelay([]byte(tt.body))
			if tt.wantErr != "" {
				if !errors.Is(err, ErrBadDTMF) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want ErrBadDTMF containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || d != tt.digit || dur != tt.dur {
				t.Fatalf("got %q %v %v, want %q %v", d, dur, err, tt.digit, tt.dur)
			}
		})
	}
}

func TestCheckDigits(t *testing.T) {
	tests := []struct {
		digits  string
		wantErr string
	}{
		{"12 345 #", ""},
		{"*0ABCDabcd", ""},
		{"12x4", `'x' at position 3`},
		{"", "no digits"},
		{"   ", "no digits"},
		{"1,2", `',' at position 2`},
	}
	for _, tt := range tests {
		err := CheckDigits(tt.digits)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("CheckDigits(%q) = %v", tt.digits, err)
			}
			continue
		}
		if !errors.Is(err, ErrBadDTMF) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("CheckDigits(%q) = %v, want ErrBadDTMF containing %q", tt.digits, err, tt.wantErr)
		}
	}
}
