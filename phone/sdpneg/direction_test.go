package sdpneg

import (
	"slices"
	"testing"
)

func TestAnswerDirections(t *testing.T) {
	tests := []struct {
		name      string
		ip        string
		session   string // session-level direction attribute line, if any
		media     string // media-level direction attribute line, if any
		wish      Direction
		wantLocal Direction
		wantHold  bool
	}{
		{"default is sendrecv", "198.51.100.7", "", "", "", SendRecv, false},
		{"sendrecv/sendrecv", "198.51.100.7", "", "a=sendrecv", SendRecv, SendRecv, false},
		{"remote sendonly holds us", "198.51.100.7", "", "a=sendonly", SendRecv, RecvOnly, true},
		{"remote recvonly", "198.51.100.7", "", "a=recvonly", SendRecv, SendOnly, false},
		{"remote inactive holds us", "198.51.100.7", "", "a=inactive", SendRecv, Inactive, true},
		{"we hold: sendrecv offer", "198.51.100.7", "", "a=sendrecv", SendOnly, SendOnly, false},
		{"both hold", "198.51.100.7", "", "a=sendonly", SendOnly, Inactive, true},
		{"we recvonly, remote recvonly", "198.51.100.7", "", "a=recvonly", RecvOnly, Inactive, false},
		{"we inactive", "198.51.100.7", "", "a=sendrecv", Inactive, Inactive, false},
		{"session-level sendonly", "198.51.100.7", "a=sendonly", "", SendRecv, RecvOnly, true},
		{"media level overrides session", "198.51.100.7", "a=sendonly", "a=sendrecv", SendRecv, SendRecv, false},
		{"old style hold", "0.0.0.0", "", "", SendRecv, RecvOnly, true},
		{"old style hold with recvonly", "0.0.0.0", "", "a=recvonly", SendRecv, Inactive, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := head(tc.ip)
			if tc.session != "" {
				lines = append(lines, tc.session)
			}
			lines = append(lines, "m=audio 6000 RTP/AVP 0")
			if tc.media != "" {
				lines = append(lines, tc.media)
			}
			l := testLocal()
			l.Direction = tc.wish
			ans, r, err := Answer(sdpOf(lines...), l)
			if err != nil {
				t.Fatal(err)
			}
			if r.LocalDirection != tc.wantLocal || r.Hold != tc.wantHold {
				t.Fatalf("local %s hold %v, want %s hold %v", r.LocalDirection, r.Hold, tc.wantLocal, tc.wantHold)
			}
			if attrs := attrsOf(t, ans, 0); !slices.Contains(attrs, "a="+string(tc.wantLocal)) {
				t.Fatalf("answer attributes %q lack a=%s", attrs, tc.wantLocal)
			}
		})
	}
}

func TestDirectionAlgebra(t *testing.T) {
	tests := []struct {
		d, o         Direction
		rev, meet    Direction
		sends, recvs bool
	}{
		{SendRecv, SendOnly, SendRecv, SendOnly, true, true},
		{SendOnly, RecvOnly, RecvOnly, Inactive, true, false},
		{RecvOnly, SendRecv, SendOnly, RecvOnly, false, true},
		{Inactive, SendRecv, Inactive, Inactive, false, false},
	}
	for _, tc := range tests {
		if got := tc.d.Reverse(); got != tc.rev {
			t.Errorf("%s.Reverse() = %s, want %s", tc.d, got, tc.rev)
		}
		if got := tc.d.Intersect(tc.o); got != tc.meet {
			t.Errorf("%s.Intersect(%s) = %s, want %s", tc.d, tc.o, got, tc.meet)
		}
		if tc.d.Sends() != tc.sends || tc.d.Receives() != tc.recvs {
			t.Errorf("%s sends/receives = %v/%v", tc.d, tc.d.Sends(), tc.d.Receives())
		}
	}
}
