package sdpneg

import (
	"errors"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name      string
		answer    []byte
		change    func(*Local)
		wantErr   error
		wantName  string
		wantPT    uint8
		wantDTMF  uint8
		wantLocal Direction
		wantHold  bool
		remote    string
		rtcp      string
	}{
		{name: "answerer preference wins", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 0 8 101", "a=rtpmap:101 telephone-event/8000"),
			wantName: "PCMU", wantPT: 0, wantDTMF: 101, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "codec we did not offer is skipped", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 18 8"),
			wantName: "PCMA", wantPT: 8, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "only codecs we did not offer", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 18"), wantErr: ErrNoCommonCodec},
		{name: "dtmf answered but not offered", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000"),
			change: func(l *Local) { l.DTMF = false }, wantName: "PCMA", wantPT: 8, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "stream rejected", answer: offerOf("198.51.100.7", "m=audio 0 RTP/AVP 0"), wantLocal: Inactive},
		{name: "we hold, remote recvonly", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8", "a=recvonly"),
			change: func(l *Local) { l.Direction = SendOnly }, wantName: "PCMA", wantPT: 8, wantLocal: SendOnly, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "we hold, remote inactive", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8", "a=inactive"),
			change: func(l *Local) { l.Direction = SendOnly }, wantName: "PCMA", wantPT: 8, wantLocal: Inactive, wantHold: true, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "remote answers inactive", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8", "a=inactive"),
			wantName: "PCMA", wantPT: 8, wantLocal: Inactive, wantHold: true, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "rtcp-mux agreed", answer: offerOf("2001:db8::7", "m=audio 6000 RTP/AVP 8", "a=rtcp-mux"),
			change: func(l *Local) { l.RTCPMux = true }, wantName: "PCMA", wantPT: 8, wantLocal: SendRecv, remote: "[2001:db8::7]:6000", rtcp: "[2001:db8::7]:6000"},
		{name: "rtcp-mux not offered", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8", "a=rtcp-mux"),
			wantName: "PCMA", wantPT: 8, wantLocal: SendRecv, remote: "198.51.100.7:6000", rtcp: "198.51.100.7:6001"},
		{name: "two m-lines", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 8", "m=video 0 RTP/AVP 31"), wantErr: ErrMalformed},
		{name: "no m-line", answer: offerOf("198.51.100.7"), wantErr: ErrNoAudio},
		{name: "video instead of audio", answer: offerOf("198.51.100.7", "m=video 6000 RTP/AVP 31"), wantErr: ErrNoAudio},
		{name: "missing c=", answer: sdpOf("v=0", "o=- 1 1 IN IP4 1.2.3.4", "s=-", "t=0 0", "m=audio 6000 RTP/AVP 8"), wantErr: ErrMalformed},
		{name: "SRTP answer", answer: offerOf("198.51.100.7", "m=audio 6000 RTP/SAVP 8"), wantErr: ErrUnsupportedProfile},
		{name: "garbage", answer: []byte("v=0\r\nzzz"), wantErr: ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := testLocal()
			if tc.change != nil {
				tc.change(&l)
			}
			r, err := ParseAnswer(l, tc.answer)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Format.Name != tc.wantName || r.Format.PT != tc.wantPT || r.DTMFPT != tc.wantDTMF ||
				r.LocalDirection != tc.wantLocal || r.Hold != tc.wantHold {
				t.Errorf("result = %+v", r)
			}
			if got := addrString(r.Remote); got != tc.remote {
				t.Errorf("remote = %q, want %q", got, tc.remote)
			}
			if got := addrString(r.RemoteRTCP); got != tc.rtcp {
				t.Errorf("rtcp = %q, want %q", got, tc.rtcp)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	pcmu := Format{PT: 0, Name: "PCMU", Rate: 8000, Channels: 1}
	g722 := Format{PT: 9, Name: "G722", Rate: 8000, Channels: 1}
	opus := Format{PT: 111, Name: "opus", Rate: 48000, Channels: 2}
	opusB := Format{PT: 107, Name: "OPUS", Rate: 48000, Channels: 2}
	tests := []struct {
		name         string
		a, b         Local
		codec        string
		dtmf         uint8
		aLocal, bLoc Direction
		aHold, bHold bool
		mux          bool
	}{
		{"plain, the answerer's codecs order wins", Local{IP: "10.0.0.1", Port: 4000, Formats: []Format{g722, pcmu}, DTMF: true},
			Local{IP: "10.0.0.2", Port: 5000, Formats: []Format{pcmu, g722}, DTMF: true},
			"PCMU", 101, SendRecv, SendRecv, false, false, false},
		{"opus different PT, caller holds", Local{IP: "::1", Port: 4000, Formats: []Format{opus, pcmu}, Direction: SendOnly, RTCPMux: true},
			Local{IP: "::1", Port: 5000, Formats: []Format{opusB}, DTMF: true, RTCPMux: true},
			"opus", 0, SendOnly, RecvOnly, false, true, true},
		{"callee holds", Local{IP: "10.0.0.1", Port: 4000, Formats: []Format{pcmu}, DTMF: true},
			Local{IP: "10.0.0.2", Port: 5000, Formats: []Format{pcmu}, Direction: SendOnly},
			"PCMU", 0, RecvOnly, SendOnly, true, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			offer, err := Offer(tc.a)
			if err != nil {
				t.Fatal(err)
			}
			answer, rb, err := Answer(offer, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			ra, err := ParseAnswer(tc.a, answer)
			if err != nil {
				t.Fatal(err)
			}
			if ra.Format.Name != tc.codec || ra.Format.PT != rb.Format.PT || ra.DTMFPT != tc.dtmf || rb.DTMFPT != tc.dtmf {
				t.Errorf("codecs: a %+v dtmf %d, b %+v dtmf %d", ra.Format, ra.DTMFPT, rb.Format, rb.DTMFPT)
			}
			if ra.LocalDirection != tc.aLocal || rb.LocalDirection != tc.bLoc || ra.Hold != tc.aHold || rb.Hold != tc.bHold {
				t.Errorf("directions: a %s hold %v, b %s hold %v", ra.LocalDirection, ra.Hold, rb.LocalDirection, rb.Hold)
			}
			if ra.Remote.Port != tc.b.Port || !ra.Remote.IP.Equal(parseIP(tc.b.IP)) || rb.Remote.Port != tc.a.Port {
				t.Errorf("addresses: a sends to %v, b sends to %v", ra.Remote, rb.Remote)
			}
			if ra.RTCPMux != tc.mux || rb.RTCPMux != tc.mux {
				t.Errorf("mux: a %v b %v, want %v", ra.RTCPMux, rb.RTCPMux, tc.mux)
			}
		})
	}
}
