package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/phoneproc"
	"softphone/internal/testpeer"
)

// TestIntegrationDTLSICEBaresip: DTLS-SRTP over ICE with rtcp-mux, both directions of call,
// on the two-NAT topology: the phone behind PhoneRouter set as a user would (icemode=always,
// dtlssrtp=2, coturn as stunserver; rtcp-mux is on by default), a baresip behind FarRouter
// with its dtls_srtp and ice modules (coturn as its STUN server). Each call selects an ICE
// pair (logged), the line is encrypted, the SDP both ways is UDP/TLS/RTP/SAVP with a
// fingerprint and ICE credentials, and speech crosses both ways.
func TestIntegrationDTLSICEBaresip(t *testing.T) {
	bin := phoneproc.Build(t)
	sets := func(coturn string) []string {
		return []string{"icemode=always", "dtlssrtp=2", "stunserver=" + coturn}
	}
	check := func(t *testing.T, np *natPair, sdps ...testpeer.SIPMessage) {
		t.Helper()
		t.Logf("selected candidate pair: %s", icePair(t, np))
		if !np.enc {
			t.Errorf("the phone's status did not call the line encrypted during the call")
		}
		for _, m := range sdps {
			for _, want := range []string{"UDP/TLS/RTP/SAVP", "a=fingerprint:sha-256", "a=ice-ufrag:", "a=rtcp-mux"} {
				// strings.ToLower: baresip writes its hash function as SHA-256 (RFC 4572's
				// names are case-insensitive).
				if !strings.Contains(strings.ToLower(m.Body), strings.ToLower(want)) {
					t.Errorf("%s %d lacks %q:\n%s", m.Method, m.Status, want, m.Body)
				}
			}
		}
	}
	t.Run("we call", func(t *testing.T) {
		np := startNATPairEnc(t, bin, "ice", "stun", "dtls_srtp", sets)
		inv := np.callAndHear(t, " (we call, DTLS-SRTP over ICE)")
		ok := np.b.WaitSIP(t, "baresip's 200 OK", callTimeout, func(m testpeer.SIPMessage) bool {
			return !m.Received && m.Method == "INVITE" && m.Status == 200
		})
		check(t, np, inv, ok)
	})
	t.Run("they call", func(t *testing.T) {
		np := startNATPairEnc(t, bin, "ice", "stun", "dtls_srtp", sets)
		ok := np.answerAndHear(t, " (they call, DTLS-SRTP over ICE)")
		check(t, np, ok)
	})
}
