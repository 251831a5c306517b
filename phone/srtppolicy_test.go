package phone

import (
	"strings"
	"testing"

	"softphone/phone/sdpneg"
)

// TestSRTPModeFor: SDES keys go in SDP over TLS, over udp and tcp only with srtpsdesplain=1
// (best effort) or srtp=2 (required, with a warning); srtp=0 is off everywhere.
func TestSRTPModeFor(t *testing.T) {
	tests := []struct {
		sets   []string
		want   int
		notice string // part of srtpNotice, "" for none
	}{
		{nil, sdpneg.SRTPOff, ""},
		{[]string{"transport=tcp"}, sdpneg.SRTPOff, ""},
		{[]string{"transport=tls"}, sdpneg.SRTPOptional, ""},
		{[]string{"srtpsdesplain=1"}, sdpneg.SRTPOptional, "srtpsdesplain=1"},
		{[]string{"srtp=2"}, sdpneg.SRTPRequired, "srtp=2"},
		{[]string{"srtp=2", "transport=tls"}, sdpneg.SRTPRequired, ""},
		{[]string{"srtp=0", "transport=tls"}, sdpneg.SRTPOff, ""},
		{[]string{"srtp=0", "srtpsdesplain=1"}, sdpneg.SRTPOff, ""},
	}
	for _, tt := range tests {
		ps := tlsParams(t, tt.sets...)
		if got := srtpModeFor(ps); got != tt.want {
			t.Errorf("%v: mode %d, want %d", tt.sets, got, tt.want)
		}
		n := srtpNotice(ps)
		if (tt.notice == "") != (n == "") || !strings.Contains(n, tt.notice) {
			t.Errorf("%v: notice %q, want one saying %q", tt.sets, n, tt.notice)
		}
	}
}
