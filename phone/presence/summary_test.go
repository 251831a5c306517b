package presence

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseMessageSummary(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Summary
	}{
		{"rfc3842 example",
			"Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n",
			Summary{Waiting: true, Account: "sip:alice@vmail.example.com", Voice: Counts{New: 4, Old: 8, UrgentNew: 1, UrgentOld: 2}}},
		{"asterisk none waiting",
			"Messages-Waiting: no\r\nMessage-Account: sip:*97@pbx.example.com\r\nVoice-Message: 0/0 (0/0)\r\n",
			Summary{Account: "sip:*97@pbx.example.com"}},
		{"lf, odd case and spacing, no urgent",
			"messages-waiting:YES\nVOICE-MESSAGE :  2 / 1 \n",
			Summary{Waiting: true, Voice: Counts{New: 2, Old: 1}}},
		{"other classes",
			"Messages-Waiting: yes\r\nVoice-Message: 1/0\r\nFax-Message: 2/3 (1/0)\r\nText-Message: 0/5\r\n",
			Summary{Waiting: true, Voice: Counts{New: 1}, Other: map[string]Counts{
				"fax-message": {New: 2, Old: 3, UrgentNew: 1}, "text-message": {Old: 5}}}},
		{"message headers after blank line are skipped",
			"Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n\r\nTo: <alice@example.com>\r\nFrom: <bob@example.com>\r\nSubject: call me\r\nnot a header\r\n",
			Summary{Waiting: true, Voice: Counts{New: 1}}},
		{"leading blank lines and extension header",
			"\r\n\r\nMessages-Waiting: no\r\nX-Vendor: thing\r\n",
			Summary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMessageSummary([]byte(tt.body))
			if err != nil {
				t.Fatalf("ParseMessageSummary: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseMessageSummaryErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want error
		text string
	}{
		{"empty", "", ErrEmpty, ""},
		{"too large", "Messages-Waiting: yes\r\n" + strings.Repeat("X: y\r\n", MaxBodySize/6), ErrTooLarge, "limit"},
		{"garbage line", "Messages-Waiting: yes\r\nhello world\r\n", ErrMalformed, `line 2 "hello world" is not a header`},
		{"xml", "<presence/>", ErrMalformed, "line 1"},
		{"bad waiting", "Messages-Waiting: maybe\r\n", ErrMalformed, `line 1: Messages-Waiting "maybe"`},
		{"no waiting", "Voice-Message: 1/0\r\n", ErrMalformed, "no Messages-Waiting"},
		{"bad counts", "Messages-Waiting: yes\r\nVoice-Message: many\r\n", ErrMalformed, `line 2: voice-message "many"`},
		{"negative count", "Messages-Waiting: yes\r\nVoice-Message: -1/0\r\n", ErrMalformed, `count "-1"`},
		{"huge count", "Messages-Waiting: yes\r\nVoice-Message: 99999999999999999999/0\r\n", ErrMalformed, "not a number"},
		{"unclosed urgent", "Messages-Waiting: yes\r\nVoice-Message: 1/0 (1/0\r\n", ErrMalformed, "closing parenthesis"},
		{"bad urgent", "Messages-Waiting: yes\r\nVoice-Message: 1/0 (x/0)\r\n", ErrMalformed, "urgent counts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMessageSummary([]byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err %q does not mention %q", err, tt.text)
			}
		})
	}
}
