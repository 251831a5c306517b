package sdpneg

import (
	"errors"
	"reflect"
	"testing"
)

func TestAnswer(t *testing.T) {
	te := func(pt string) []string {
		return []string{"a=rtpmap:" + pt + " telephone-event/8000", "a=fmtp:" + pt + " 0-15"}
	}
	join := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name      string
		offer     []byte
		local     func(*Local)
		wantErr   error
		wantM     []string // m= lines of the answer
		wantFmt   Format
		wantDTMF  uint8
		wantLocal Direction
		wantHold  bool
		remote    string
		rtcp      string
		ptime     int
	}{
		{
			name:  "our PCMA preference wins over the offerer's PCMU first",
			offer: offerOf("198.51.100.7", join([]string{"m=audio 6000 RTP/AVP 0 8 101"}, te("101"))...),
			wantM: []string{"m=audio 5000 RTP/AVP 8 101"}, wantFmt: Format{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
			wantDTMF: 101, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:  "offerer PCMA first, our preference too",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8 0"),
			wantM: []string{"m=audio 5000 RTP/AVP 8"}, wantFmt: Format{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:    "no common codec",
			offer:   offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 18 3"),
			wantErr: ErrNoCommonCodec,
		},
		{
			name:  "names case-insensitive, dynamic PT, telephone-event PT of offerer",
			offer: offerOf("198.51.100.7", join([]string{"m=audio 6000 RTP/AVP 97 96", "a=rtpmap:97 pcmu/8000"}, te("96"))...),
			wantM: []string{"m=audio 5000 RTP/AVP 97 96"}, wantFmt: Format{PT: 97, Name: "PCMU", Rate: 8000, Channels: 1},
			wantDTMF: 96, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:  "dtmf off locally",
			offer: offerOf("198.51.100.7", join([]string{"m=audio 6000 RTP/AVP 0 101"}, te("101"))...),
			local: func(l *Local) { l.DTMF = false },
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:  "dtmf not offered",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 9"),
			wantM: []string{"m=audio 5000 RTP/AVP 9"}, wantFmt: Format{PT: 9, Name: "G722", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name: "opus with telephone-event at 48000 preferred",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 111 101 110", "a=rtpmap:111 OPUS/48000/2",
				"a=fmtp:111 maxplaybackrate=16000", "a=rtpmap:101 telephone-event/8000", "a=rtpmap:110 telephone-event/48000", "a=ptime:40"),
			wantM:    []string{"m=audio 5000 RTP/AVP 111 110"},
			wantFmt:  Format{PT: 111, Name: "opus", Rate: 48000, Channels: 2, Fmtp: "maxplaybackrate=16000"},
			wantDTMF: 110, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 40,
		},
		{
			name:  "opus matches a local mono opus (RFC 7587 always says /2)",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 96", "a=rtpmap:96 opus/48000/2"),
			local: func(l *Local) { l.Formats = []Format{{PT: 111, Name: "OPUS", Rate: 48000, Channels: 1}} },
			wantM: []string{"m=audio 5000 RTP/AVP 96"}, wantFmt: Format{PT: 96, Name: "OPUS", Rate: 48000, Channels: 2},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:    "stereo L16 does not match mono L16",
			offer:   offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 10", "a=rtpmap:10 L16/44100/2"),
			local:   func(l *Local) { l.Formats = []Format{{PT: 11, Name: "L16", Rate: 44100}} },
			wantErr: ErrNoCommonCodec,
		},
		{
			name:  "old style hold c=0.0.0.0",
			offer: offerOf("0.0.0.0", "m=audio 6000 RTP/AVP 0"),
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: RecvOnly, wantHold: true, remote: "0.0.0.0:6000", rtcp: "0.0.0.0:6001", ptime: 20,
		},
		{
			name:  "IPv6",
			offer: offerOf("2001:db8::7", "m=audio 6000 RTP/AVP 0"),
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "[2001:db8::7]:6000", rtcp: "[2001:db8::7]:6001", ptime: 20,
		},
		{
			name:  "video rejected, order kept",
			offer: offerOf("198.51.100.7", "m=video 7000 RTP/AVP 96", "a=rtpmap:96 H264/90000", "m=audio 6000 RTP/AVP 8"),
			wantM: []string{"m=video 0 RTP/AVP 96", "m=audio 5000 RTP/AVP 8"}, wantFmt: Format{PT: 8, Name: "PCMA", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:  "media-level c= and a=rtcp with address",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0", "c=IN IP4 203.0.113.5", "a=rtcp:6100 IN IP4 203.0.113.6"),
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "203.0.113.5:6000", rtcp: "203.0.113.6:6100", ptime: 20,
		},
		{
			name:  "rtcp-mux accepted when we allow it",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0", "a=rtcp-mux"),
			local: func(l *Local) { l.RTCPMux = true },
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6000", ptime: 20,
		},
		{
			name:  "rtcp-mux ignored when we do not",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0", "a=rtcp-mux"),
			wantM: []string{"m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001", ptime: 20,
		},
		{
			name:  "audio offered with port 0",
			offer: offerOf("198.51.100.7", "m=audio 0 RTP/AVP 0"),
			wantM: []string{"m=audio 0 RTP/AVP 0"}, wantLocal: Inactive,
		},
		{
			name:    "SRTP only",
			offer:   offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x"),
			wantErr: ErrUnsupportedProfile,
		},
		{
			name:  "SRTP and RTP offered: RTP taken",
			offer: offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0", "m=audio 6002 RTP/AVP 0"),
			wantM: []string{"m=audio 0 RTP/SAVP 0", "m=audio 5000 RTP/AVP 0"}, wantFmt: Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1},
			wantLocal: SendRecv, remote: "198.51.100.7:6002", rtcp: "198.51.100.7:6003", ptime: 20,
		},
		{
			name:    "missing c=",
			offer:   sdpOf("v=0", "o=- 1 1 IN IP4 198.51.100.7", "s=-", "t=0 0", "m=audio 6000 RTP/AVP 0"),
			wantErr: ErrMalformed,
		},
		{
			name:    "c= is a host name",
			offer:   offerOf("pbx.example.com", "m=audio 6000 RTP/AVP 0"),
			wantErr: ErrMalformed,
		},
		{name: "garbage", offer: []byte("hello\r\nworld"), wantErr: ErrMalformed},
		{name: "empty", offer: nil, wantErr: ErrMalformed},
		{name: "video only", offer: offerOf("198.51.100.7", "m=video 7000 RTP/AVP 31"), wantErr: ErrNoAudio},
		{
			name:    "bad local direction",
			offer:   offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0"),
			local:   func(l *Local) { l.Direction = "sideways" },
			wantErr: ErrBadLocal,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := testLocal()
			if tc.local != nil {
				tc.local(&l)
			}
			ans, r, err := Answer(tc.offer, l)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Answer: %v", err)
			}
			if got := mLines(ans); !reflect.DeepEqual(got, tc.wantM) {
				t.Errorf("m-lines = %q, want %q", got, tc.wantM)
			}
			if r.Format != tc.wantFmt || r.DTMFPT != tc.wantDTMF || r.LocalDirection != tc.wantLocal ||
				r.Hold != tc.wantHold || r.Ptime != tc.ptime {
				t.Errorf("result = %+v", r)
			}
			if got := addrString(r.Remote); got != tc.remote {
				t.Errorf("remote = %q, want %q", got, tc.remote)
			}
			if got := addrString(r.RemoteRTCP); got != tc.rtcp {
				t.Errorf("rtcp = %q, want %q", got, tc.rtcp)
			}
			pr, err := ParseOffer(tc.offer, l)
			if err != nil || !reflect.DeepEqual(pr, r) {
				t.Errorf("ParseOffer = %+v, %v; Answer gave %+v", pr, err, r)
			}
		})
	}
}

func addrString(a interface{ String() string }) string {
	if reflect.ValueOf(a).IsNil() {
		return ""
	}
	return a.String()
}

func TestAnswerSRTPErrorIsNoCommonCodec(t *testing.T) {
	_, _, err := Answer(offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 0"), testLocal())
	if !errors.Is(err, ErrNoCommonCodec) || !errors.Is(err, ErrUnsupportedProfile) {
		t.Fatalf("err = %v, want both ErrUnsupportedProfile and ErrNoCommonCodec", err)
	}
	if want := "unsupported transport profile: no common codec: audio stream uses RTP/SAVP (SRTP is off)"; err.Error() != want {
		t.Fatalf("err = %q, want %q", err, want)
	}
}

func TestAnswerNoCommonCodecMessage(t *testing.T) {
	_, _, err := Answer(offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 18 101", "a=rtpmap:101 telephone-event/8000"), testLocal())
	want := "no common codec: offer has G729, we support PCMA,PCMU,G722,opus"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestAnswerAttributes(t *testing.T) {
	offer := offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 111 101", "a=rtpmap:111 opus/48000/2",
		"a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=rtcp-mux", "a=sendonly")
	l := testLocal()
	l.RTCPMux = true
	ans, _, err := Answer(offer, l)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a=rtpmap:111 opus/48000/2", "a=fmtp:111 useinbandfec=1", "a=rtpmap:101 telephone-event/8000",
		"a=fmtp:101 0-15", "a=ptime:20", "a=rtcp-mux", "a=recvonly"}
	if got := attrsOf(t, ans, 0); !reflect.DeepEqual(got, want) {
		t.Fatalf("attributes = %q, want %q", got, want)
	}
}
