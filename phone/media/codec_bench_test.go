package media

import "testing"

// speechLike is one 20 ms frame at 16 kHz with content across the band.
func speechLike() []int16 {
	pcm := tone16k(0, 320, 300, 4000)
	for i, v := range tone16k(0, 320, 2100, 2000) {
		pcm[i] += v
	}
	for i, v := range tone16k(0, 320, 5300, 1000) {
		pcm[i] += v
	}
	return pcm
}

func benchEncode(b *testing.B, c Codec) {
	enc := newEnc(b, c)
	pcm := speechLike()
	dst := make([]byte, 0, 1500)
	b.ReportAllocs()
	for b.Loop() {
		dst = encode(b, enc, dst, pcm)
	}
}

func benchDecode(b *testing.B, c Codec) {
	payload := encode(b, newEnc(b, c), nil, speechLike())
	dec := newDec(b, c)
	dst := make([]int16, 0, 2048)
	b.ReportAllocs()
	for b.Loop() {
		dst = decode(b, dec, dst, payload)
	}
}

// BenchmarkG722Encode is one 20 ms frame (320 samples at 16 kHz).
func BenchmarkG722Encode(b *testing.B) { benchEncode(b, G722{}) }

// BenchmarkG722Decode is one 20 ms frame (160 bytes).
func BenchmarkG722Decode(b *testing.B) { benchDecode(b, G722{}) }

// BenchmarkOpusEncode is one 20 ms frame at 16 kHz, 32 kbit/s with FEC.
func BenchmarkOpusEncode(b *testing.B) { benchEncode(b, Opus{}) }

// BenchmarkOpusDecode is one 20 ms frame.
func BenchmarkOpusDecode(b *testing.B) { benchDecode(b, Opus{}) }

// BenchmarkOpusConceal is one 20 ms frame of packet loss concealment.
func BenchmarkOpusConceal(b *testing.B) {
	c := Opus{}
	dec := newDec(b, c)
	decode(b, dec, nil, encode(b, newEnc(b, c), nil, speechLike()))
	dst := make([]int16, 0, 2048)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = dec.(Concealer).Conceal(dst, nil); err != nil {
			b.Fatal(err)
		}
	}
}
