package sdpneg

import (
	"errors"
	"strings"
	"testing"
)

func TestOfferExact(t *testing.T) {
	l := testLocal()
	l.Username = "alice"
	l.RTCPMux = true
	got, err := Offer(l)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"v=0", "o=alice 42 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
		"m=audio 5000 RTP/AVP 8 0 9 111 101 96",
		"a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000", "a=rtpmap:9 G722/8000",
		"a=rtpmap:111 opus/48000/2", "a=fmtp:111 useinbandfec=1",
		"a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
		"a=rtpmap:96 telephone-event/48000", "a=fmtp:96 0-16",
		"a=ptime:20", "a=rtcp-mux", "a=sendrecv", "",
	}, "\r\n")
	if string(got) != want {
		t.Fatalf("offer:\n%s\nwant:\n%s", got, want)
	}
}

func TestOfferVariants(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Local)
		wantErr error
		want    []string // substrings of the offer
	}{
		{"IPv6", func(l *Local) { l.IP = "2001:db8::10" }, nil, []string{"o=- 42 1 IN IP6 2001:db8::10", "c=IN IP6 2001:db8::10"}},
		{"hold", func(l *Local) { l.Direction = SendOnly }, nil, []string{"a=sendonly"}},
		{"no dtmf", func(l *Local) { l.DTMF = false }, nil, []string{"m=audio 5000 RTP/AVP 8 0 9 111\r\n"}},
		{"dtmf PT moves when 101 is taken", func(l *Local) { l.Formats[3].PT = 101 }, nil,
			[]string{"m=audio 5000 RTP/AVP 8 0 9 101 96 97\r\n", "a=rtpmap:96 telephone-event/8000", "a=rtpmap:97 telephone-event/48000"}},
		{"ptime 30, version bump", func(l *Local) { l.Ptime = 30; l.Version = 2 }, nil, []string{"a=ptime:30", "o=- 42 2 "}},
		{"bad IP", func(l *Local) { l.IP = "pbx.local" }, ErrBadLocal, nil},
		{"port 0", func(l *Local) { l.Port = 0 }, ErrBadLocal, nil},
		{"no formats", func(l *Local) { l.Formats = nil }, ErrBadLocal, nil},
		{"duplicate PT", func(l *Local) { l.Formats[1].PT = 8 }, ErrBadLocal, nil},
		{"format without rate", func(l *Local) { l.Formats[0].Rate = 0 }, ErrBadLocal, nil},
		{"bad direction", func(l *Local) { l.Direction = "up" }, ErrBadLocal, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := testLocal()
			tc.change(&l)
			got, err := Offer(l)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("offer lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
