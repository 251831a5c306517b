package phone

import (
	"strings"
	"testing"
)

// TestCallSDPMasksKeys checks getsdp's store: the last SDP each way, an empty one keeping
// the previous, SDES keys masked as the SIP trace masks them.
func TestCallSDPMasksKeys(t *testing.T) {
	var s callSDP
	offer := "v=0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n"
	s.note([]byte(offer), nil)
	s.note(nil, []byte("v=0\r\nm=audio 5000 RTP/SAVP 0\r\n"))
	s.note(nil, nil)
	got := s.get()
	if strings.Contains(got.Local, "WVNfX19z") || !strings.Contains(got.Local, "inline:***|2^20|1:4") {
		t.Errorf("local SDP key not masked: %q", got.Local)
	}
	if got.Remote != "v=0\r\nm=audio 5000 RTP/SAVP 0\r\n" {
		t.Errorf("remote SDP %q", got.Remote)
	}
}
