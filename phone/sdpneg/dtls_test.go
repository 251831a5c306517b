package sdpneg

import (
	"errors"
	"strings"
	"testing"
)

// fpOf is a sha-256 fingerprint with every digest byte b.
func fpOf(b byte) Fingerprint {
	d := make([]byte, 32)
	for i := range d {
		d[i] = b
	}
	return Fingerprint{Hash: "sha-256", Digest: d}
}

// dtlsLocal is testLocal with the DTLS policy mode, SDES policy srtp and a fingerprint.
func dtlsLocal(mode, srtp int) Local {
	l := srtpLocal(srtp)
	l.DTLS, l.Fingerprint = mode, fpOf(0xAB)
	return l
}

func TestParseFingerprint(t *testing.T) {
	good := fpOf(0x0F).String()
	if !strings.HasPrefix(good, "sha-256 0F:0F:") {
		t.Fatalf("String() = %q", good)
	}
	for _, tc := range []struct {
		in   string
		ok   bool
		want string // substring of the error
	}{
		{good, true, ""},
		{"SHA-256 " + strings.ToLower(strings.TrimPrefix(good, "sha-256 ")), true, ""},
		{"sha-1 " + strings.Repeat("00:", 19) + "00", true, ""},
		{"md5 00:11", false, "hash function"},
		{"sha-256 00:11", false, "digest has 2 bytes, want 32"},
		{"sha-256 " + strings.Repeat("zz:", 31) + "zz", false, "not two hex digits"},
		{"sha-256 " + strings.Repeat("0:", 31) + "0", false, "not two hex digits"},
		{"sha-256", false, "needs a hash function and a digest"},
		{"", false, "needs"},
	} {
		fp, err := ParseFingerprint(tc.in)
		if tc.ok != (err == nil) || (err != nil && (!errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tc.want))) {
			t.Errorf("ParseFingerprint(%q) = %v, %v; want ok=%v error containing %q", tc.in, fp, err, tc.ok, tc.want)
		}
		if err == nil {
			back, err := ParseFingerprint(fp.String())
			if err != nil || !back.Equal(fp) {
				t.Errorf("%q does not round-trip: %v %v", tc.in, back, err)
			}
		}
	}
}

func TestParseSetup(t *testing.T) {
	for in, want := range map[string]Setup{"actpass": SetupActPass, " ACTIVE ": SetupActive, "passive": SetupPassive, "holdconn": SetupHoldConn} {
		if got, err := ParseSetup(in); err != nil || got != want {
			t.Errorf("ParseSetup(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSetup("both"); !errors.Is(err, ErrMalformed) {
		t.Errorf("ParseSetup(both) error %v, want ErrMalformed", err)
	}
}

// TestAnswerDTLS answers DTLS-SRTP offers: the role RFC 5763 gives the answerer, our
// fingerprint, no a=crypto; offers we cannot take are refused naming why (488, 306/302).
func TestAnswerDTLS(t *testing.T) {
	theirs := fpOf(0x11).String()
	tests := []struct {
		name     string
		local    Local
		media    []string
		client   bool   // our role
		setup    string // our a=setup in the answer
		err      error
		contains string
	}{
		{"actpass: we are active", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:actpass", "a=fingerprint:" + theirs}, true, "active", nil, ""},
		{"savpf, passive offerer", dtlsLocal(DTLSAccept, SRTPOptional),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVPF 0", "a=setup:passive", "a=fingerprint:" + theirs}, true, "active", nil, ""},
		{"active offerer: we are passive", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:active", "a=fingerprint:" + theirs}, false, "passive", nil, ""},
		{"RTP/SAVPF with only a fingerprint", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 RTP/SAVPF 0", "a=setup:actpass", "a=fingerprint:" + theirs}, true, "active", nil, ""},
		{"no fingerprint", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:actpass"}, false, "", ErrNoFingerprint, "no a=fingerprint"},
		{"bad fingerprint", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:actpass", "a=fingerprint:sha-256 00"}, false, "", ErrNoFingerprint, "digest"},
		{"holdconn", dtlsLocal(DTLSAccept, SRTPOff),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:holdconn", "a=fingerprint:" + theirs}, false, "", ErrNoFingerprint, "holdconn"},
		{"dtls off", dtlsLocal(DTLSOff, SRTPOptional),
			[]string{"m=audio 6000 UDP/TLS/RTP/SAVP 0", "a=setup:actpass", "a=fingerprint:" + theirs}, false, "", ErrUnsupportedProfile, "DTLS-SRTP is off"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ans, r, err := Answer(offerOf("198.51.100.7", tc.media...), tc.local)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !errors.Is(err, ErrNoCommonCodec) || !strings.Contains(err.Error(), tc.contains) {
					t.Fatalf("error %v, want %v (and ErrNoCommonCodec) containing %q", err, tc.err, tc.contains)
				}
				if code, _ := Warning(err); code != WarnAttributeUnknown && code != WarnIncompatibleTransport {
					t.Errorf("Warning code %d", code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.DTLS == nil || r.DTLS.Client != tc.client || len(r.DTLS.Fingerprints) != 1 || r.DTLS.Fingerprints[0].String() != theirs {
				t.Fatalf("result DTLS %+v, want client=%v with their fingerprint", r.DTLS, tc.client)
			}
			if !r.Agreement.Encrypted() || r.RemoteKey != nil {
				t.Errorf("agreement %+v key %v", r.Agreement, r.RemoteKey)
			}
			a := strings.Join(attrsOf(t, ans, 0), "\n")
			if !strings.Contains(a, "a=setup:"+tc.setup) || !strings.Contains(a, "a=fingerprint:"+tc.local.Fingerprint.String()) || strings.Contains(a, "a=crypto") {
				t.Errorf("answer attributes:\n%s", a)
			}
		})
	}
}

// TestOfferDTLS: dtlssrtp=2 offers UDP/TLS/RTP/SAVP with actpass and our fingerprint (and
// a=crypto under SRTPRequired); either answer is taken, and the roles follow a=setup.
func TestOfferDTLS(t *testing.T) {
	l := dtlsLocal(DTLSOffer, SRTPRequired)
	l.RTCPMux = true
	offer, err := Offer(l)
	if err != nil {
		t.Fatal(err)
	}
	a := strings.Join(attrsOf(t, offer, 0), "\n")
	if m := mLines(offer); len(m) != 1 || !strings.Contains(m[0], " UDP/TLS/RTP/SAVP ") {
		t.Fatalf("m-lines %q", m)
	}
	for _, want := range []string{"a=setup:actpass", "a=fingerprint:" + l.Fingerprint.String(), "a=crypto:1 ", "a=rtcp-mux"} {
		if !strings.Contains(a, want) {
			t.Errorf("offer lacks %q:\n%s", want, a)
		}
	}
	theirs := "a=fingerprint:" + fpOf(0x22).String()
	r, err := ParseAnswer(l, offerOf("203.0.113.5", "m=audio 7000 UDP/TLS/RTP/SAVP 0", "a=setup:active", theirs, "a=rtcp-mux"))
	if err != nil || r.DTLS == nil || r.DTLS.Client || !r.RTCPMux || r.RemoteRTCP.Port != 7000 {
		t.Fatalf("DTLS answer: %+v %v, want us as server with rtcp-mux", r, err)
	}
	if r2, err := ParseAnswer(l, offerOf("203.0.113.5", "m=audio 7000 UDP/TLS/RTP/SAVP 0", "a=setup:passive", theirs)); err != nil || !r2.DTLS.Client {
		t.Fatalf("passive answer: %+v %v, want us as client", r2.DTLS, err)
	}
	if _, err := ParseAnswer(l, offerOf("203.0.113.5", "m=audio 7000 UDP/TLS/RTP/SAVP 0", "a=setup:actpass", theirs)); !errors.Is(err, ErrNoFingerprint) {
		t.Errorf("actpass answer: %v, want ErrNoFingerprint", err)
	}
	sdes, err := ParseAnswer(l, offerOf("203.0.113.5", "m=audio 7000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(9))))
	if err != nil || sdes.DTLS != nil || sdes.Suite != SuiteAES128SHA1_80 {
		t.Fatalf("SDES answer to the DTLS offer: %+v %v", sdes, err)
	}
	// A re-offer within the DTLS session keeps the profile and states our settled role.
	re, err := Offer(l.Keep(r).Reoffer(SendOnly))
	if err != nil || !strings.Contains(string(re), "a=setup:passive") || !strings.Contains(string(re), "UDP/TLS/RTP/SAVP") {
		t.Fatalf("re-offer %v:\n%s", err, re)
	}
	// Refused: falls back to SDES under SRTPRequired, to RTP/AVP otherwise.
	if fb, ok := l.Fallback(); !ok || fb.Session.Profile != "RTP/SAVP" || fb.Session.Suite == "" {
		t.Errorf("fallback under SRTPRequired: %+v %v", fb.Session, ok)
	}
	if fb, ok := dtlsLocal(DTLSOffer, SRTPOff).Fallback(); !ok || fb.Session.Profile != "RTP/AVP" || fb.Session.Suite != "" {
		t.Errorf("fallback under SRTPOff: %+v %v", fb.Session, ok)
	}
	// Without our fingerprint in the offer, a DTLS answer is refused.
	if _, err := ParseAnswer(srtpLocal(SRTPRequired), offerOf("203.0.113.5", "m=audio 7000 UDP/TLS/RTP/SAVP 0", "a=setup:active", theirs)); !errors.Is(err, ErrUnsupportedProfile) {
		t.Errorf("DTLS answer to an SDES offer: %v, want ErrUnsupportedProfile", err)
	}
}

func TestVerifyCertificate(t *testing.T) {
	der := []byte("certificate")
	fp := FingerprintOf(der)
	if err := VerifyCertificate([]Fingerprint{fpOf(1), fp}, der); err != nil {
		t.Errorf("matching second fingerprint: %v", err)
	}
	err := VerifyCertificate([]Fingerprint{fpOf(1)}, der)
	if !errors.Is(err, ErrFingerprintMismatch) || !strings.Contains(err.Error(), fp.String()) || !strings.Contains(err.Error(), fpOf(1).String()) {
		t.Errorf("mismatch error %v, want both digests", err)
	}
}
