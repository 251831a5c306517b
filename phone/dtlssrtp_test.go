package phone

import (
	"testing"

	"softphone/phone/sdpneg"
)

// TestDTLSModeFor: DTLS-SRTP is accepted by default over any transport (its keys are not
// in the SDP), offered with dtlssrtp=2, and off with dtlssrtp=0 or srtp=0.
func TestDTLSModeFor(t *testing.T) {
	for _, tt := range []struct {
		sets []string
		want int
	}{
		{nil, sdpneg.DTLSAccept},
		{[]string{"transport=tcp"}, sdpneg.DTLSAccept},
		{[]string{"dtlssrtp=2"}, sdpneg.DTLSOffer},
		{[]string{"dtlssrtp=2", "srtp=2"}, sdpneg.DTLSOffer},
		{[]string{"dtlssrtp=0"}, sdpneg.DTLSOff},
		{[]string{"dtlssrtp=2", "srtp=0"}, sdpneg.DTLSOff},
	} {
		if got := dtlsModeFor(tlsParams(t, tt.sets...)); got != tt.want {
			t.Errorf("%v: mode %d, want %d", tt.sets, got, tt.want)
		}
	}
}

// TestDTLSIdentity: one certificate per phone, its fingerprint the sha-256 of its DER.
func TestDTLSIdentity(t *testing.T) {
	var d dtlsIdentity
	c1, fp1, err := d.get()
	if err != nil {
		t.Fatal(err)
	}
	c2, fp2, _ := d.get()
	if !fp1.Equal(fp2) || string(c1.Certificate[0]) != string(c2.Certificate[0]) {
		t.Error("a second get made another certificate")
	}
	if want := sdpneg.FingerprintOf(c1.Certificate[0]); !fp1.Equal(want) || fp1.Hash != "sha-256" {
		t.Errorf("fingerprint %s, want %s", fp1, want)
	}
	if err := sdpneg.VerifyCertificate([]sdpneg.Fingerprint{fp1}, c1.Certificate[0]); err != nil {
		t.Errorf("own certificate does not verify against its fingerprint: %v", err)
	}
}
