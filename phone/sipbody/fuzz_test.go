package sipbody

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func FuzzParseDTMFRelay(f *testing.F) {
	for _, s := range []string{"Signal=5\r\nDuration=160\r\n", "7", "Signal=11", "Duration=x", "Signal=\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, dur, err := ParseDTMFRelay(body)
		if err != nil {
			if !errors.Is(err, ErrBadDTMF) {
				t.Fatalf("error %v does not wrap ErrBadDTMF", err)
			}
			return
		}
		if _, ok := NormalizeDigit(d); !ok || dur < 0 {
			t.Fatalf("accepted digit %q duration %v", d, dur)
		}
		d2, dur2, err := ParseDTMFRelay(FormatDTMFRelay(d, dur))
		if err != nil || d2 != d || dur2 != dur {
			t.Fatalf("round trip %q %v -> %q %v %v", d, dur, d2, dur2, err)
		}
	})
}

func FuzzParseSipfrag(f *testing.F) {
	for _, s := range []string{"SIP/2.0 180 Ringing", "SIP/2.0 200 OK\r\nX: y\r\n", "SIP/2.0 99", "\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code, reason, err := ParseSipfrag(body)
		if err != nil {
			if !errors.Is(err, ErrBadSipfrag) {
				t.Fatalf("error %v does not wrap ErrBadSipfrag", err)
			}
			return
		}
		if code < 100 || code > 699 {
			t.Fatalf("accepted code %d", code)
		}
		code2, reason2, err := ParseSipfrag(FormatSipfrag(code, reason))
		if err != nil || code2 != code || (reason != "" && reason2 != reason) {
			t.Fatalf("round trip %d %q -> %d %q %v", code, reason, code2, reason2, err)
		}
	})
}

func FuzzParseReplaces(f *testing.F) {
	for _, s := range []string{"abc@h;to-tag=1;from-tag=2", "x;early-only;to-tag=a;from-tag=b", ";;=", `a;to-tag="";from-tag=1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		r, err := ParseReplaces(value)
		if err != nil {
			if !errors.Is(err, ErrBadReplaces) {
				t.Fatalf("error %v does not wrap ErrBadReplaces", err)
			}
			return
		}
		if back, err := ParseReplaces(r.String()); err != nil || back != r {
			t.Fatalf("round trip %+v -> %+v %v", r, back, err)
		}
	})
}

func FuzzParseReferTo(f *testing.F) {
	for _, s := range []string{"<sip:b@host?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>", "sip:c@h;x=y",
		`"A" <sips:a@b>;m=1`, "<sip:a?Replaces=%zz>", "<>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		target, r, err := ParseReferTo(value)
		if err != nil {
			if !errors.Is(err, ErrBadReferTo) {
				t.Fatalf("error %v does not wrap ErrBadReferTo", err)
			}
			return
		}
		if target == "" {
			t.Fatal("accepted an empty target")
		}
		if !utf8.ValidString(target) {
			return // re-formatting is for targets we build ourselves
		}
		target2, r2, err := ParseReferTo(FormatReferTo(target, r))
		if err != nil || target2 != target || (r == nil) != (r2 == nil) || (r != nil && *r != *r2) {
			t.Fatalf("round trip %q %+v -> %q %+v %v", target, r, target2, r2, err)
		}
	})
}

func FuzzAnswerAfter(f *testing.F) {
	f.Add("<sip:x>;answer-after=3", "<http://x>;info=alert-autoanswer;delay=2")
	f.Add(";answer-after=", "Intercom, \"a,b\" <x>")
	f.Fuzz(func(t *testing.T, callInfo, alertInfo string) {
		auto, delay := AnswerAfter([]string{callInfo}, []string{alertInfo})
		if delay < 0 || delay > maxAnswerDelay || (!auto && delay != 0) {
			t.Fatalf("auto %v delay %v", auto, delay)
		}
	})
}
