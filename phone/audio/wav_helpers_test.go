package audio

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// wavSpec describes a synthetic WAV file for tests.
type wavSpec struct {
	tag        uint16
	channels   int
	rate       int
	width      int    // bytes per sample
	extensible bool   // write WAVE_FORMAT_EXTENSIBLE
	junk       bool   // put a LIST chunk with an odd size before fmt
	data       []byte // raw interleaved sample bytes
}

// bytes renders the spec as a RIFF/WAVE file.
func (s wavSpec) bytes() []byte {
	le := binary.LittleEndian
	var fmtBody []byte
	block := s.channels * s.width
	base := func(tag uint16, size int) []byte {
		b := make([]byte, size)
		le.PutUint16(b[0:], tag)
		le.PutUint16(b[2:], uint16(s.channels))
		le.PutUint32(b[4:], uint32(s.rate))
		le.PutUint32(b[8:], uint32(s.rate*block))
		le.PutUint16(b[12:], uint16(block))
		le.PutUint16(b[14:], uint16(8*s.width))
		return b
	}
	if s.extensible {
		fmtBody = base(wavTagExtensible, 40)
		le.PutUint16(fmtBody[16:], 22)
		le.PutUint16(fmtBody[18:], uint16(8*s.width))
		le.PutUint16(fmtBody[24:], s.tag)
		copy(fmtBody[26:], extensibleGUIDTail)
	} else {
		fmtBody = base(s.tag, 16)
	}
	var out []byte
	chunk := func(id string, body []byte) {
		h := make([]byte, 8)
		copy(h, id)
		le.PutUint32(h[4:], uint32(len(body)))
		out = append(out, h...)
		out = append(out, body...)
		if len(body)%2 == 1 {
			out = append(out, 0)
		}
	}
	out = append(out, "RIFF\x00\x00\x00\x00WAVE"...)
	if s.junk {
		chunk("LIST", []byte("odd"))
	}
	chunk("fmt ", fmtBody)
	chunk("data", s.data)
	le.PutUint32(out[4:], uint32(len(out)-8))
	return out
}

// writeTemp writes b to a new file in a temp dir and returns its path.
func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pcm16 encodes samples as little-endian 16-bit bytes.
func pcm16(samples ...int16) []byte {
	b := make([]byte, 2*len(samples))
	for i, v := range samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}
