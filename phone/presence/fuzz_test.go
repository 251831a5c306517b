package presence

import (
	"errors"
	"testing"
)

// checkErr fails when err is not nil and wraps none of the sentinels.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []error{ErrTooLarge, ErrEmpty, ErrMalformed} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

func FuzzParsePIDF(f *testing.F) {
	for _, s := range samples(f, "pidf") {
		f.Add(s)
	}
	f.Add(BuildPIDF("sip:a@b", DND, "note"))
	f.Fuzz(func(t *testing.T, body []byte) {
		st, err := ParsePIDF(body)
		checkErr(t, err)
		if err == nil && st.Status == "" {
			t.Fatal("no status without an error")
		}
	})
}

func FuzzParseDialogInfo(f *testing.F) {
	for _, s := range samples(f, "dialog") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := ParseDialogInfo(body)
		checkErr(t, err)
		if err != nil {
			return
		}
		switch d.BLFState() {
		case BLFIdle, BLFRinging, BLFBusy:
		default:
			t.Fatalf("BLFState %q", d.BLFState())
		}
		if _, err := (DialogInfo{}).Apply(d); err != nil && !errors.Is(err, ErrTooManyDialogs) {
			t.Fatalf("Apply to empty view: %v", err)
		}
	})
}

func FuzzParseMessageSummary(f *testing.F) {
	f.Add([]byte("Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\nVoice-Message: 4/8 (1/2)\r\n"))
	f.Add([]byte("Messages-Waiting: no\nFax-Message: 0/0\n\nTo: x\n"))
	f.Add([]byte("Messages-Waiting: yes\r\nVoice-Message: 1/0 (1/0\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := ParseMessageSummary(body)
		checkErr(t, err)
		if err == nil && (s.Voice.New < 0 || s.Voice.Old < 0) {
			t.Fatalf("negative counts %+v", s.Voice)
		}
	})
}

func FuzzBuildPIDF(f *testing.F) {
	f.Add("sip:alice@example.com", "Away", "Lunch")
	f.Add("", "Invisible", "<&>")
	f.Fuzz(func(t *testing.T, entity, status, note string) {
		if len(entity)+len(note) > MaxBodySize/8 {
			return
		}
		if _, err := ParsePIDF(BuildPIDF(entity, status, note)); err != nil {
			t.Fatalf("our own document does not parse: %v", err)
		}
	})
}
