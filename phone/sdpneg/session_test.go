package sdpneg

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// cryptoLines returns the a=crypto lines of an SDP body.
func cryptoLines(body []byte) []string {
	var out []string
	for _, line := range strings.Split(string(body), "\r\n") {
		if strings.HasPrefix(line, "a=crypto:") {
			out = append(out, line)
		}
	}
	return out
}

// TestReofferKeepsSRTPWeOffered: a call we placed as RTP/SAVP (srtp=1, the default) is held
// and resumed with re-offers that keep RTP/SAVP, our a=crypto line byte for byte and the
// far end's key, with the o= version bumped each time.
func TestReofferKeepsSRTPWeOffered(t *testing.T) {
	us, them := srtpLocal(SRTPOptional), srtpLocal(SRTPRequired)
	them.CryptoKey = keyOf(60)
	first, err := Offer(us)
	if err != nil {
		t.Fatal(err)
	}
	ans, _, err := Answer(first, them)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ParseAnswer(us, ans)
	if err != nil {
		t.Fatal(err)
	}
	want := Agreement{Profile: "RTP/SAVP", Suite: SuiteAES128SHA1_80, Tag: 1}
	if res.Agreement != want {
		t.Fatalf("agreement %+v, want %+v", res.Agreement, want)
	}
	kept := us.Keep(res)
	for i, dir := range []Direction{SendOnly, SendRecv, Inactive} {
		kept = kept.Reoffer(dir)
		re, err := Offer(kept)
		if err != nil {
			t.Fatal(err)
		}
		if m := mLines(re)[0]; !strings.HasPrefix(m, "m=audio 5000 RTP/SAVP ") {
			t.Errorf("re-offer %d m-line %q, want RTP/SAVP", i, m)
		}
		if got, was := cryptoLines(re), cryptoLines(first); len(got) != 1 || got[0] != was[0] {
			t.Errorf("re-offer %d crypto %q, want the first offer's %q", i, got, was)
		}
		if !strings.Contains(string(re), "a="+string(dir)+"\r\n") || !strings.Contains(string(re), " 42 "+string(rune('2'+i))+" IN IP4") {
			t.Errorf("re-offer %d lacks a=%s or version %d:\n%s", i, dir, 2+i, re)
		}
		ans, _, err := Answer(re, them)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseAnswer(kept, ans)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(r.RemoteKey, them.CryptoKey) || r.Agreement != want {
			t.Errorf("re-offer %d: remote key %x agreement %+v", i, r.RemoteKey, r.Agreement)
		}
	}
}

// TestReofferKeepsSRTPTheyOffered is the case of the issue: a far end offered RTP/SAVP with
// its own tag and suite, we answered under srtp=1, and our hold re-offer must be RTP/SAVP
// with that tag and suite and our key (it used to be RTP/AVP, which the far end refused).
func TestReofferKeepsSRTPTheyOffered(t *testing.T) {
	us := srtpLocal(SRTPOptional)
	offer := offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0 101", "a=rtpmap:101 telephone-event/8000",
		"a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:"+b64(keyOf(90)))
	_, res, err := Answer(offer, us)
	if err != nil {
		t.Fatal(err)
	}
	kept := us.Keep(res).Reoffer(SendOnly)
	re, err := Offer(kept)
	if err != nil {
		t.Fatal(err)
	}
	if m := mLines(re)[0]; !strings.HasPrefix(m, "m=audio 5000 RTP/SAVP ") {
		t.Errorf("hold re-offer m-line %q, want RTP/SAVP", m)
	}
	wantCrypto := "a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:" + b64(keyOf(1))
	if got := cryptoLines(re); len(got) != 1 || got[0] != wantCrypto {
		t.Errorf("hold re-offer crypto %q, want %q", got, wantCrypto)
	}
	// Their answer keeps SAVP with tag 5: encrypted as before.
	r, err := ParseAnswer(kept, offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0", "a=recvonly",
		"a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:"+b64(keyOf(91))))
	if err != nil || r.Suite != SuiteAES128SHA1_32 || !bytes.Equal(r.RemoteKey, keyOf(91)) {
		t.Errorf("answer to the re-offer: %+v, %v", r, err)
	}
	// An answer dropping SRTP from an encrypted session is refused.
	for name, media := range map[string][]string{
		"plain":     {"m=audio 6000 RTP/AVP 0"},
		"other tag": {"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + b64(keyOf(91))},
		"no crypto": {"m=audio 6000 RTP/SAVP 0"},
	} {
		if _, err := ParseAnswer(kept, offerOf("198.51.100.7", media...)); !errors.Is(err, ErrNoCommonCodec) {
			t.Errorf("%s answer to an SRTP re-offer: err %v, want a refusal", name, err)
		}
	}
}

// TestReofferKeepsPlainAndBestEffort: a session agreed plain keeps offering plain RTP/AVP
// (no a=crypto), one agreed as RTP/AVP with a=crypto keeps that form.
func TestReofferKeepsPlainAndBestEffort(t *testing.T) {
	us := srtpLocal(SRTPOptional)
	_, plain, err := Answer(offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0"), us)
	if err != nil {
		t.Fatal(err)
	}
	re, err := Offer(us.Keep(plain).Reoffer(SendOnly))
	if err != nil {
		t.Fatal(err)
	}
	if m := mLines(re)[0]; !strings.HasPrefix(m, "m=audio 5000 RTP/AVP ") || len(cryptoLines(re)) != 0 {
		t.Errorf("re-offer of a plain session:\n%s", re)
	}
	_, be, err := Answer(offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(70))), us)
	if err != nil {
		t.Fatal(err)
	}
	re, err = Offer(us.Keep(be).Reoffer(SendOnly))
	if err != nil {
		t.Fatal(err)
	}
	if m := mLines(re)[0]; !strings.HasPrefix(m, "m=audio 5000 RTP/AVP ") ||
		strings.Join(cryptoLines(re), "") != "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(1)) {
		t.Errorf("re-offer of a best-effort session:\n%s", re)
	}
	// A rejected stream agrees nothing: Keep leaves the session as it was.
	if k := us.Keep(be).Keep(Result{}); k.Session != be.Agreement {
		t.Errorf("Keep of a rejected stream changed the session to %+v", k.Session)
	}
}

// TestFallback: only a first RTP/SAVP offer under srtp=1 falls back, once, to RTP/AVP with
// the same a=crypto; a plain RTP/AVP answer to the fallback is a plain call.
func TestFallback(t *testing.T) {
	us := srtpLocal(SRTPOptional)
	fb, ok := us.Fallback()
	if !ok {
		t.Fatal("no fallback for srtp=1")
	}
	off, err := Offer(fb)
	if err != nil {
		t.Fatal(err)
	}
	if m := mLines(off)[0]; !strings.HasPrefix(m, "m=audio 5000 RTP/AVP ") ||
		strings.Join(cryptoLines(off), "") != "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(1)) {
		t.Errorf("fallback offer:\n%s", off)
	}
	if !strings.Contains(string(off), "o=- 42 2 IN") {
		t.Errorf("fallback offer version not bumped:\n%s", off)
	}
	if _, again := fb.Fallback(); again {
		t.Error("the fallback falls back again")
	}
	r, err := ParseAnswer(fb, offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8"))
	if err != nil || r.RemoteKey != nil || r.Agreement != (Agreement{Profile: "RTP/AVP"}) {
		t.Errorf("plain answer to the fallback: %+v, %v", r, err)
	}
	for _, mode := range []int{SRTPOff, SRTPRequired} {
		if _, ok := srtpLocal(mode).Fallback(); ok {
			t.Errorf("srtp=%d has a fallback", mode)
		}
	}
	noKey := srtpLocal(SRTPOptional)
	noKey.CryptoKey = nil
	if _, ok := noKey.Fallback(); ok {
		t.Error("a plain first offer (no key) has a fallback")
	}
}

// TestWarning maps negotiation errors to RFC 3261 warning codes.
func TestWarning(t *testing.T) {
	required := srtpLocal(SRTPRequired)
	tests := []struct {
		name  string
		offer []byte
		l     Local
		code  int
	}{
		{"plain offer, srtp required", offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0"), required, WarnIncompatibleTransport},
		{"SAVP without crypto", offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0"), required, WarnAttributeUnknown},
		{"no common codec", offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 18"), testLocal(), WarnIncompatibleFormat},
		{"no audio", offerOf("198.51.100.7", "m=video 6000 RTP/AVP 96"), testLocal(), WarnMediaTypeUnavailable},
	}
	for _, tc := range tests {
		_, _, err := Answer(tc.offer, tc.l)
		if err == nil {
			t.Fatalf("%s: answered", tc.name)
		}
		code, text := Warning(err)
		if code != tc.code || strings.Contains(text, `"`) || text == "" {
			t.Errorf("%s: Warning(%v) = %d %q, want code %d and no quotes", tc.name, err, code, text, tc.code)
		}
	}
}
