package phone

import (
	"testing"

	"github.com/emiago/sipgo/sip"
)

// TestGlareDelay: RFC 3261 14.1's windows, 10 ms steps.
func TestGlareDelay(t *testing.T) {
	for _, owner := range []bool{true, false} {
		lo, hi := 0.0, 2.0
		if owner {
			lo, hi = 2.1, 4.0
		}
		for range 2000 {
			d := glareDelay(owner)
			if s := d.Seconds(); s < lo || s > hi || d.Milliseconds()%10 != 0 {
				t.Fatalf("owner=%v: delay %v outside %.1f-%.1f s or not in 10 ms units", owner, d, lo, hi)
			}
		}
	}
}

// TestSDPRefusal: which final responses make the INVITE retry with best-effort SRTP.
func TestSDPRefusal(t *testing.T) {
	tests := []struct {
		code    int
		warning string
		want    bool
	}{
		{488, "", true},
		{415, `305 pbx "Incompatible media format"`, true},
		{606, `302 pbx "Incompatible transport protocol"`, true},
		{606, `399 pbx "nobody wants you"`, true},
		{606, "", false},
		{415, `201 pbx "x"`, false},
		{486, "", false},
		{403, `304 pbx "x"`, false},
	}
	for _, tc := range tests {
		res := sip.NewResponseFromRequest(sip.NewRequest(sip.INVITE, sip.Uri{Host: "x"}), tc.code, "R", nil)
		if tc.warning != "" {
			res.AppendHeader(sip.NewHeader("Warning", tc.warning))
		}
		if got := sdpRefusal(res); got != tc.want {
			t.Errorf("%d %q: retry %v, want %v", tc.code, tc.warning, got, tc.want)
		}
	}
}
