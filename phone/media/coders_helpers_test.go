package media

import "testing"

// newEnc returns c's encoder or fails tb.
func newEnc(tb testing.TB, c Codec) Encoder {
	tb.Helper()
	e, err := c.NewEncoder()
	if err != nil {
		tb.Fatalf("%s encoder: %v", c.Name(), err)
	}
	return e
}

// newDec returns c's decoder or fails tb.
func newDec(tb testing.TB, c Codec) Decoder {
	tb.Helper()
	d, err := c.NewDecoder()
	if err != nil {
		tb.Fatalf("%s decoder: %v", c.Name(), err)
	}
	return d
}

// encode runs e or fails tb.
func encode(tb testing.TB, e Encoder, dst []byte, pcm []int16) []byte {
	tb.Helper()
	out, err := e.Encode(dst, pcm)
	if err != nil {
		tb.Fatalf("encode: %v", err)
	}
	return out
}

// decode runs d or fails tb.
func decode(tb testing.TB, d Decoder, dst []int16, payload []byte) []int16 {
	tb.Helper()
	out, err := d.Decode(dst, payload)
	if err != nil {
		tb.Fatalf("decode: %v", err)
	}
	return out
}
