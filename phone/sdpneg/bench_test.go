package sdpneg

import "testing"

func BenchmarkAnswer(b *testing.B) {
	offer := offerOf("198.51.100.7", "m=audio 6000 RTP/AVP 111 9 0 8 101", "a=rtpmap:111 opus/48000/2",
		"a=fmtp:111 useinbandfec=1", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv")
	l := testLocal()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Answer(offer, l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOffer(b *testing.B) {
	l := testLocal()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Offer(l); err != nil {
			b.Fatal(err)
		}
	}
}
