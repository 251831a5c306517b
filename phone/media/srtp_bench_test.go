package media

import (
	"testing"

	"github.com/pion/rtp"
	"github.com/pion/srtp/v3"
)

func mustContext(tb testing.TB, key []byte, opts ...srtp.ContextOption) *srtp.Context {
	tb.Helper()
	c, err := srtp.CreateContext(key[:16], key[16:], srtp.ProtectionProfileAes128CmHmacSha1_80, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkSRTPProtectUnprotect protects and unprotects one 20 ms PCMU
// packet (12-byte header + 160-byte payload), as the send and receive paths do.
func BenchmarkSRTPProtectUnprotect(b *testing.B) {
	var tx, rx srtpState
	tx.tx = mustContext(b, testKey(1))
	rx.rx = mustContext(b, testKey(1), srtp.SRTPReplayProtection(64))
	h := rtp.Header{Version: 2, SSRC: 42}
	payload := make([]byte, 160)
	plain := make([]byte, 1500)
	out := make([]byte, 0, 1500+16)
	b.ReportAllocs()
	b.SetBytes(12 + 160)
	for i := 0; b.Loop(); i++ {
		h.SequenceNumber = uint16(i)
		h.Timestamp = uint32(i) * 160
		n, err := rtp.MarshalPacketTo(plain, &h, payload)
		if err != nil {
			b.Fatal(err)
		}
		enc, err := tx.protectRTP(out[:0], plain[:n])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rx.unprotectRTP(enc); err != nil {
			b.Fatal(err)
		}
	}
}
