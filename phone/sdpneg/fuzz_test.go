package sdpneg

import (
	"errors"
	"strings"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	f.Add(offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15"))
	f.Add(offerOf("2001:db8::7", "m=video 7000 RTP/AVP 96", "m=audio 6000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2", "a=rtcp-mux"))
	f.Add(offerOf("0.0.0.0", "m=audio 6000 RTP/SAVP 0", "a=rtcp:9 IN IP4 1.2.3.4", "a=ptime:30", "a=sendonly"))
	f.Add(offerOf("198.51.100.20", "m=audio 6000 RTP/AVP 0", "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdef012345",
		"a=candidate:1 1 UDP 2130706431 192.168.1.10 6000 typ host", "a=candidate:x", "a=end-of-candidates", "a=rtcp-mux"))
	f.Add([]byte("v=0\r\n"))
	f.Add([]byte{})
}

// checkErr fails when err wraps none of our sentinels.
func checkErr(t *testing.T, err error) {
	if err == nil {
		return
	}
	for _, s := range []error{ErrMalformed, ErrNoAudio, ErrNoCommonCodec, ErrUnsupportedProfile} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error wraps no sentinel: %v", err)
}

func FuzzAnswer(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, offer []byte) {
		l := testLocal()
		l.RTCPMux = true
		ans, r, err := Answer(offer, l)
		checkErr(t, err)
		if err == nil && r.Remote != nil {
			if _, err := ParseAnswer(l, ans); err != nil && len(mLines(ans)) == 1 {
				t.Fatalf("our own answer does not parse: %v\n%s", err, ans)
			}
		}
	})
}

func FuzzParseAnswer(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, answer []byte) {
		_, err := ParseAnswer(testLocal(), answer)
		checkErr(t, err)
	})
}

func FuzzAnswerSRTP(f *testing.F) {
	fuzzSeeds(f)
	f.Add(offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"+b64(keyOf(3))+"|2^31|1:1"))
	f.Add(offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0", "a=crypto:7 AES_CM_128_HMAC_SHA1_32 inline:"+b64(keyOf(3))))
	f.Fuzz(func(t *testing.T, offer []byte) {
		for _, mode := range []int{SRTPOptional, SRTPRequired} {
			_, r, err := Answer(offer, srtpLocal(mode))
			checkErr(t, err)
			if err == nil && r.Suite != "" && len(r.RemoteKey) != KeyLen {
				t.Fatalf("suite %s with a %d-byte key", r.Suite, len(r.RemoteKey))
			}
		}
	})
}

// FuzzParseFingerprint: any a=fingerprint value parses or fails with ErrMalformed, and what
// parses prints back to itself.
func FuzzParseFingerprint(f *testing.F) {
	f.Add(fpOf(0x5A).String())
	f.Add("sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33")
	f.Add("sha-256 0")
	f.Add("")
	f.Fuzz(func(t *testing.T, v string) {
		fp, err := ParseFingerprint(v)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		back, err := ParseFingerprint(fp.String())
		if err != nil || !back.Equal(fp) {
			t.Fatalf("%q -> %q does not round-trip: %v", v, fp.String(), err)
		}
	})
}

// FuzzParseSetup: any a=setup value is one of the four roles or ErrMalformed.
func FuzzParseSetup(f *testing.F) {
	for _, s := range []string{"actpass", "active", "PASSIVE", "holdconn", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		s, err := ParseSetup(v)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error wraps no sentinel: %v", err)
			}
			return
		}
		if _, err := answerRole(s); err != nil && s != SetupHoldConn {
			t.Fatalf("role %q cannot be answered: %v", s, err)
		}
	})
}

// FuzzAnswerDTLS answers arbitrary offers with DTLS-SRTP accepted: errors wrap our
// sentinels, and a DTLS result carries at least one fingerprint.
func FuzzAnswerDTLS(f *testing.F) {
	fuzzSeeds(f)
	f.Add(offerOf("198.51.100.7", "m=audio 6000 UDP/TLS/RTP/SAVPF 0", "a=setup:actpass", "a=fingerprint:"+fpOf(1).String()))
	f.Add(sdpOf(append(head("198.51.100.7"), "a=fingerprint:"+fpOf(1).String(), "a=setup:passive", "m=audio 6000 RTP/SAVPF 0")...))
	f.Fuzz(func(t *testing.T, offer []byte) {
		l := dtlsLocal(DTLSAccept, SRTPOptional)
		ans, r, err := Answer(offer, l)
		checkErr(t, err)
		if err == nil && r.DTLS != nil {
			if len(r.DTLS.Fingerprints) == 0 {
				t.Fatal("DTLS result without a fingerprint")
			}
			if !strings.Contains(string(ans), "a=fingerprint:"+l.Fingerprint.String()) {
				t.Fatalf("DTLS answer without our fingerprint:\n%s", ans)
			}
		}
	})
}
