package sdpneg

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func keyOf(seed byte) []byte {
	k := make([]byte, KeyLen)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

func b64(k []byte) string { return base64.StdEncoding.EncodeToString(k) }

func srtpLocal(mode int) Local {
	l := testLocal()
	l.SRTP, l.CryptoKey = mode, keyOf(1)
	return l
}

func TestAnswerSRTP(t *testing.T) {
	peer := keyOf(100)
	tests := []struct {
		name       string
		mode       int
		media      []string
		wantErr    []error
		wantM      string
		wantCrypto string // our a=crypto line, "" for none
		wantSuite  string
	}{
		{
			name:  "optional accepts SAVP with crypto",
			mode:  SRTPOptional,
			media: []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + b64(peer) + "|2^20"},
			wantM: "m=audio 5000 RTP/SAVP 0", wantCrypto: "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + b64(keyOf(1)),
			wantSuite: SuiteAES128SHA1_80,
		},
		{
			name: "first supported suite wins, unknown skipped",
			mode: SRTPRequired,
			media: []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + b64(make([]byte, 46)),
				"a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + b64(peer), "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + b64(keyOf(5))},
			wantM: "m=audio 5000 RTP/SAVP 0", wantCrypto: "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + b64(keyOf(1)),
			wantSuite: SuiteAES128SHA1_32,
		},
		{
			name:  "optional accepts plain RTP",
			mode:  SRTPOptional,
			media: []string{"m=audio 6000 RTP/AVP 0"},
			wantM: "m=audio 5000 RTP/AVP 0",
		},
		{
			name:    "required refuses plain RTP",
			mode:    SRTPRequired,
			media:   []string{"m=audio 6000 RTP/AVP 0"},
			wantErr: []error{ErrUnsupportedProfile, ErrNoCommonCodec},
		},
		{
			name:    "off refuses SAVP",
			mode:    SRTPOff,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(peer)},
			wantErr: []error{ErrUnsupportedProfile, ErrNoCommonCodec},
		},
		{
			name:    "SAVP without crypto",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0"},
			wantErr: []error{ErrNoCrypto, ErrNoCommonCodec},
		},
		{
			name:    "only unknown suite",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 F8_128_HMAC_SHA1_80 inline:" + b64(peer)},
			wantErr: []error{ErrNoCrypto, ErrNoCommonCodec},
		},
		{
			name:    "MKI not supported",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(peer) + "|2^20|1:4"},
			wantErr: []error{ErrNoCrypto},
		},
		{
			name:    "wrong key length",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + b64(peer[:20])},
			wantErr: []error{ErrMalformed},
		},
		{
			name:    "bad base64",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%%%"},
			wantErr: []error{ErrMalformed},
		},
		{
			name:    "not inline",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 uri:" + b64(peer)},
			wantErr: []error{ErrMalformed},
		},
		{
			name:    "bad tag",
			mode:    SRTPOptional,
			media:   []string{"m=audio 6000 RTP/SAVP 0", "a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:" + b64(peer)},
			wantErr: []error{ErrMalformed},
		},
		{
			name:  "plain m-line after unusable SAVP one",
			mode:  SRTPOptional,
			media: []string{"m=audio 6000 RTP/SAVP 0", "m=audio 6002 RTP/AVP 0"},
			wantM: "m=audio 0 RTP/SAVP 0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ans, res, err := Answer(offerOf("198.51.100.7", tc.media...), srtpLocal(tc.mode))
			if len(tc.wantErr) > 0 {
				for _, want := range tc.wantErr {
					if !errors.Is(err, want) {
						t.Errorf("err = %v, want %v", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m := mLines(ans); m[0] != tc.wantM {
				t.Errorf("m-lines %q, want first %q", m, tc.wantM)
			}
			var got string
			for _, a := range attrsOf(t, ans, 0) {
				if strings.HasPrefix(a, "a=crypto:") {
					got = a
				}
			}
			if got != tc.wantCrypto {
				t.Errorf("crypto line %q, want %q", got, tc.wantCrypto)
			}
			if res.Suite != tc.wantSuite || (tc.wantSuite != "") != (res.RemoteKey != nil) {
				t.Errorf("suite %q key %x, want suite %q", res.Suite, res.RemoteKey, tc.wantSuite)
			}
			if tc.wantSuite != "" && !bytes.Equal(res.RemoteKey, peer) {
				t.Errorf("remote key %x, want %x", res.RemoteKey, peer)
			}
		})
	}
}

func TestMalformedCryptoNamesProblem(t *testing.T) {
	_, _, err := Answer(offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0",
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+b64(make([]byte, 20))), srtpLocal(SRTPOptional))
	if want := "a=crypto tag 1: AES_CM_128_HMAC_SHA1_80 key+salt is 20 bytes, want 30"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
}

func TestOfferSRTP(t *testing.T) {
	tests := []struct {
		name      string
		mode      int
		key       []byte
		wantProto string
		wantErr   error
	}{
		{"off", SRTPOff, nil, "RTP/AVP", nil},
		{"optional offers RTP/SAVP with crypto", SRTPOptional, keyOf(1), "RTP/SAVP", nil},
		{"optional without key offers plain", SRTPOptional, nil, "RTP/AVP", nil},
		{"required", SRTPRequired, keyOf(1), "RTP/SAVP", nil},
		{"required without key", SRTPRequired, nil, "", ErrBadLocal},
		{"required short key", SRTPRequired, keyOf(1)[:16], "", ErrBadLocal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := testLocal()
			l.SRTP, l.CryptoKey = tc.mode, tc.key
			off, err := Offer(l)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if m := mLines(off)[0]; !strings.Contains(m, " "+tc.wantProto+" ") {
				t.Errorf("m-line %q, want %s", m, tc.wantProto)
			}
			hasCrypto := strings.Contains(string(off), "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(1))+"\r\n")
			if hasCrypto != (tc.key != nil && tc.mode != SRTPOff) {
				t.Errorf("offer crypto present %v:\n%s", hasCrypto, off)
			}
		})
	}
}

// TestOfferAnswerSRTPRoundTrip: an offer, its answer and the parsed answer exchange both
// keys, with SRTP required by the caller and with both ends best effort.
func TestOfferAnswerSRTPRoundTrip(t *testing.T) {
	for _, mode := range []int{SRTPRequired, SRTPOptional} {
		caller, callee := srtpLocal(mode), srtpLocal(SRTPOptional)
		callee.CryptoKey = keyOf(50)
		off, err := Offer(caller)
		if err != nil {
			t.Fatal(err)
		}
		ans, calleeRes, err := Answer(off, callee)
		if err != nil {
			t.Fatal(err)
		}
		callerRes, err := ParseAnswer(caller, ans)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(calleeRes.RemoteKey, caller.CryptoKey) || !bytes.Equal(callerRes.RemoteKey, callee.CryptoKey) {
			t.Errorf("caller srtp=%d: keys not exchanged: callee got %x, caller got %x", mode, calleeRes.RemoteKey, callerRes.RemoteKey)
		}
		if callerRes.Suite != SuiteAES128SHA1_80 || calleeRes.Suite != SuiteAES128SHA1_80 {
			t.Errorf("caller srtp=%d: suites %q/%q", mode, callerRes.Suite, calleeRes.Suite)
		}
	}
}

func TestParseAnswerSRTP(t *testing.T) {
	peer := b64(keyOf(9))
	tests := []struct {
		name    string
		mode    int
		media   []string
		wantErr []error
	}{
		{"good", SRTPRequired, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, nil},
		{"plain answer to SAVP offer", SRTPRequired, []string{"m=audio 6000 RTP/AVP 8"}, []error{ErrUnsupportedProfile, ErrNoCommonCodec}},
		{"SAVP answer to plain offer", SRTPOff, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, []error{ErrUnsupportedProfile}},
		{"best effort answered with crypto", SRTPOptional, []string{"m=audio 6000 RTP/AVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, nil},
		{"best effort answered SAVP", SRTPOptional, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, nil},
		{"best effort answered with a tag we did not offer", SRTPOptional, []string{"m=audio 6000 RTP/AVP 8", "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, []error{ErrNoCrypto}},
		{"tag we did not offer", SRTPRequired, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, []error{ErrNoCrypto}},
		{"suite we did not offer", SRTPRequired, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + peer}, []error{ErrNoCrypto}},
		{"no crypto", SRTPRequired, []string{"m=audio 6000 RTP/SAVP 8"}, []error{ErrNoCrypto}},
		{"short key", SRTPRequired, []string{"m=audio 6000 RTP/SAVP 8", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAA"}, []error{ErrMalformed}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseAnswer(srtpLocal(tc.mode), offerOf("198.51.100.7", tc.media...))
			for _, want := range tc.wantErr {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
			if tc.wantErr == nil && (err != nil || !bytes.Equal(r.RemoteKey, keyOf(9))) {
				t.Errorf("err %v, remote key %x", err, r.RemoteKey)
			}
		})
	}
}

// TestBestEffortSRTP: at SRTPOptional an RTP/AVP offer with a=crypto is answered with our
// key (encrypted), and one without is answered plain.
func TestBestEffortSRTP(t *testing.T) {
	peer := b64(keyOf(9))
	tests := []struct {
		name       string
		mode       int
		media      []string
		wantSecure bool
	}{
		{"optional, offer with crypto", SRTPOptional, []string{"m=audio 6000 RTP/AVP 8", "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" + peer}, true},
		{"optional, offer without crypto", SRTPOptional, []string{"m=audio 6000 RTP/AVP 8"}, false},
		{"optional, crypto we cannot use", SRTPOptional, []string{"m=audio 6000 RTP/AVP 8", "a=crypto:3 F8_128_HMAC_SHA1_80 inline:" + peer}, false},
		{"off ignores crypto", SRTPOff, []string{"m=audio 6000 RTP/AVP 8", "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + peer}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := srtpLocal(tc.mode)
			ans, r, err := Answer(offerOf("198.51.100.7", tc.media...), l)
			if err != nil {
				t.Fatal(err)
			}
			gotCrypto := strings.Contains(string(ans), "a=crypto:3 ")
			if gotCrypto != tc.wantSecure || (r.Suite != "") != tc.wantSecure {
				t.Errorf("answer crypto %v, suite %q, want secure %v:\n%s", gotCrypto, r.Suite, tc.wantSecure, ans)
			}
			if tc.wantSecure && !bytes.Equal(r.RemoteKey, keyOf(9)) {
				t.Errorf("remote key %x, want %x", r.RemoteKey, keyOf(9))
			}
			if m := mLines(ans)[0]; !strings.Contains(m, " RTP/AVP ") {
				t.Errorf("answer m-line %q, want RTP/AVP", m)
			}
		})
	}
}
