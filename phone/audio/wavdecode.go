package audio

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
)

// wavDecoder turns the sample bytes of a WAV data chunk into mono int16, a block at a time.
type wavDecoder struct {
	r         io.Reader
	f         wavFormat
	remaining int64 // data bytes left, or -1 to read until EOF
	buf       []byte
}

func newWAVDecoder(r io.Reader, h wavHeader) *wavDecoder {
	return &wavDecoder{r: r, f: h.format, remaining: h.dataLen}
}

// read fills dst with up to len(dst) mono samples and returns how many it decoded.
// At the end of the data it returns 0, io.EOF. A trailing partial frame is dropped.
func (d *wavDecoder) read(dst []int16) (int, error) {
	want := int64(len(dst)) * int64(d.f.blockAlign)
	if d.remaining >= 0 && want > d.remaining {
		want = d.remaining - d.remaining%int64(d.f.blockAlign)
	}
	if want == 0 {
		return 0, io.EOF
	}
	if int64(cap(d.buf)) < want {
		d.buf = make([]byte, want)
	}
	b := d.buf[:want]
	n, err := io.ReadFull(d.r, b)
	if d.remaining >= 0 {
		d.remaining -= int64(n)
	}
	frames := n / d.f.blockAlign
	if err != nil {
		if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return 0, wavErr(ErrUnreadableWAV, "reading samples: %v", err)
		}
		d.remaining = 0 // truncated file: keep what arrived, then end
		if frames == 0 {
			return 0, io.EOF
		}
	}
	decodeFrames(dst[:frames], b[:frames*d.f.blockAlign], d.f)
	return frames, nil
}

// decodeFrames converts interleaved sample bytes to mono int16 (channels averaged).
func decodeFrames(dst []int16, b []byte, f wavFormat) {
	if f.tag == wavTagPCM && f.width == 2 && f.channels == 1 {
		for i := range dst {
			dst[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
		return
	}
	if f.tag == wavTagPCM && f.width == 2 {
		for i := range dst {
			var sum int32
			for c := range f.channels {
				sum += int32(int16(binary.LittleEndian.Uint16(b[i*f.blockAlign+2*c:])))
			}
			dst[i] = int16(sum / int32(f.channels))
		}
		return
	}
	for i := range dst {
		frame := b[i*f.blockAlign : (i+1)*f.blockAlign]
		var sum float64
		for c := 0; c < f.channels; c++ {
			sum += sampleValue(frame[c*f.width:(c+1)*f.width], f.tag)
		}
		dst[i] = clampInt16(sum / float64(f.channels))
	}
}

// sampleValue decodes one channel's sample to the int16 scale.
func sampleValue(s []byte, tag uint16) float64 {
	le := binary.LittleEndian
	switch tag {
	case wavTagFloat:
		if len(s) == 8 {
			return sanitize(math.Float64frombits(le.Uint64(s))) * 32768
		}
		return sanitize(float64(math.Float32frombits(le.Uint32(s)))) * 32768
	case wavTagALaw:
		return float64(alawDecode(s[0]))
	case wavTagMuLaw:
		return float64(ulawDecode(s[0]))
	}
	switch len(s) {
	case 1:
		return float64(int(s[0])-128) * 256
	case 2:
		return float64(int16(le.Uint16(s)))
	case 3:
		v := int32(uint32(s[0])<<8 | uint32(s[1])<<16 | uint32(s[2])<<24)
		return float64(v) / 65536
	default:
		return float64(int32(le.Uint32(s))) / 65536
	}
}

// sanitize maps NaN and infinities in float files to silence/full scale.
func sanitize(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// clampInt16 rounds v and clips it to the int16 range.
func clampInt16(v float64) int16 {
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	}
	return int16(math.Round(v))
}

// ulawDecode expands one G.711 mu-law byte.
func ulawDecode(u byte) int16 {
	u = ^u
	t := (int32(u&0x0F)<<3 + 0x84) << ((u & 0x70) >> 4)
	if u&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}

// alawDecode expands one G.711 A-law byte.
func alawDecode(a byte) int16 {
	a ^= 0x55
	t := int32(a&0x0F) << 4
	seg := (a & 0x70) >> 4
	switch seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t = (t + 0x108) << (seg - 1)
	}
	if a&0x80 != 0 {
		return int16(t)
	}
	return int16(-t)
}
