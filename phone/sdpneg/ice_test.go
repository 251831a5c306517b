package sdpneg

import (
	"slices"
	"testing"
)

// TestICEOfferAnswer: our ICE description goes into offers and into answers to ICE offers
// (ice-ufrag, ice-pwd, candidates, end-of-candidates), never into answers to offers
// without ICE; the far end's is read from the m-line, or the session for the credentials.
func TestICEOfferAnswer(t *testing.T) {
	l := testLocal()
	l.RTCPMux = true
	l.ICE = &ICE{Ufrag: "ours", Pwd: "ourpasswordourpassword", Candidates: []string{"1 1 UDP 2130706431 192.0.2.5 4000 typ host"}}
	offer, err := Offer(l)
	if err != nil {
		t.Fatal(err)
	}
	attrs := attrsOf(t, offer, 0)
	for _, want := range []string{"ice-ufrag:ours", "ice-pwd:ourpasswordourpassword", "candidate:1 1 UDP 2130706431 192.0.2.5 4000 typ host", "end-of-candidates", "rtcp-mux"} {
		if !slices.Contains(attrs, "a="+want) {
			t.Errorf("offer lacks a=%s:\n%s", want, offer)
		}
	}

	withICE := offerOf("198.51.100.20", "a=ice-ufrag:theirs", "m=audio 6000 RTP/AVP 0", "a=ice-pwd:theirpasswordtheirpassword",
		"a=candidate:1 1 UDP 2130706431 192.168.1.10 6000 typ host", "a=candidate:2 1 UDP 1694498815 198.51.100.20 6000 typ srflx raddr 192.168.1.10 rport 6000")
	ans, res, err := Answer(withICE, l)
	if err != nil {
		t.Fatal(err)
	}
	if res.RemoteICE == nil || res.RemoteICE.Ufrag != "theirs" || res.RemoteICE.Pwd != "theirpasswordtheirpassword" || len(res.RemoteICE.Candidates) != 2 {
		t.Errorf("remote ICE %+v", res.RemoteICE)
	}
	if got := OfferICE(withICE); got == nil || len(got.Candidates) != 2 {
		t.Errorf("OfferICE %+v", got)
	}
	if !slices.Contains(attrsOf(t, ans, 0), "a=ice-ufrag:ours") {
		t.Errorf("answer to an ICE offer lacks our ICE:\n%s", ans)
	}

	plain := offerOf("198.51.100.20", "m=audio 6000 RTP/AVP 0")
	ans, res, err = Answer(plain, l)
	if err != nil {
		t.Fatal(err)
	}
	if res.RemoteICE != nil || OfferICE(plain) != nil {
		t.Errorf("ICE found in an offer without it: %+v", res.RemoteICE)
	}
	for _, a := range attrsOf(t, ans, 0) {
		if a == "a=ice-ufrag:ours" || a == "a=end-of-candidates" {
			t.Errorf("answer to an offer without ICE carries a=%s", a)
		}
	}
}
