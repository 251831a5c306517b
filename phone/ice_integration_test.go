package phone_test

import (
	"strings"
	"testing"

	"softphone/internal/phoneproc"
)

// TestIntegrationICEBothBehindNAT: the phone behind PhoneRouter's NAT (icemode=always,
// stunserver coturn on the public side) calls a baresip with its ice module behind
// FarRouter's NAT. Our offer carries ufrag, pwd, host and server-reflexive candidates and
// end-of-candidates; the checks select a pair (logged, in an event) and audio crosses both
// ways over it.
func TestIntegrationICEBothBehindNAT(t *testing.T) {
	bin := phoneproc.Build(t)
	np := startNATPair(t, bin, "ice", "stun", func(coturn string) []string {
		// loglevel=5: the test reads the selected pair from the phone's log.
		return []string{"icemode=always", "stunserver=" + coturn, "loglevel=5"}
	})
	inv := np.callAndHear(t, " (both behind NAT, ICE)")
	for _, want := range []string{"a=ice-ufrag:", "a=ice-pwd:", "typ host", "typ srflx", "a=end-of-candidates"} {
		if !strings.Contains(inv.Body, want) {
			t.Errorf("our offer lacks %q:\n%s", want, inv.Body)
		}
	}
	pair := icePair(t, np)
	t.Logf("selected candidate pair: %s", pair)
}

// icePair returns the pair the phone's log says ICE selected, failing the test without one.
func icePair(t *testing.T, np *natPair) string {
	t.Helper()
	for _, l := range strings.Split(np.p.Proc().LogTail(400), "\n") {
		if i := strings.Index(l, "ICE connected: "); i >= 0 {
			return strings.TrimSuffix(strings.TrimSpace(l[i+len("ICE connected: "):]), `"`)
		}
	}
	t.Fatalf("the phone's log names no selected ICE pair:\n%s", np.p.Proc().LogTail(60))
	return ""
}
