package audio

import (
	"encoding/binary"
	"fmt"
	"io"
)

// WAVE format tags understood by the decoder.
const (
	wavTagPCM        = 1
	wavTagFloat      = 3
	wavTagALaw       = 6
	wavTagMuLaw      = 7
	wavTagExtensible = 0xFFFE
)

// maxWAVChannels bounds the channel count accepted from a file header.
const maxWAVChannels = 64

// extensibleGUIDTail is bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID; bytes 0..1 hold the format tag.
const extensibleGUIDTail = "\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71"

// wavFormat is the decoded "fmt " chunk.
type wavFormat struct {
	tag        uint16 // PCM, float, A-law or mu-law after resolving WAVE_FORMAT_EXTENSIBLE
	channels   int
	rate       int
	blockAlign int // bytes per frame (all channels)
	width      int // bytes per sample of one channel
}

// wavHeader is what parseWAVHeader learns before the first sample.
type wavHeader struct {
	format     wavFormat
	dataOffset int64 // bytes from the start of the file to the first sample
	dataLen    int64 // bytes of sample data, or -1 when the header does not say (read to EOF)
}

func wavErr(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}

// parseWAVHeader reads the RIFF header and chunks up to the start of the "data" chunk.
func parseWAVHeader(r io.Reader) (wavHeader, error) {
	var h wavHeader
	var riff [12]byte
	if _, err := io.ReadFull(r, riff[:]); err != nil {
		return h, wavErr(ErrUnreadableWAV, "file too short for a RIFF header (%v)", err)
	}
	if string(riff[0:4]) == "RF64" {
		return h, wavErr(ErrUnsupportedWAV, "RF64 (64-bit WAV) files are not supported")
	}
	if string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return h, wavErr(ErrUnreadableWAV, "not a RIFF/WAVE file (starts with %q)", riff[0:4])
	}
	offset := int64(12)
	haveFmt := false
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			return h, wavErr(ErrUnreadableWAV, "no data chunk found (%v)", err)
		}
		offset += 8
		id, size := string(ch[0:4]), int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if size < 16 || size > 1024 {
				return h, wavErr(ErrUnreadableWAV, "fmt chunk has bad size %d", size)
			}
			body := make([]byte, size+size%2)
			if _, err := io.ReadFull(r, body); err != nil {
				return h, wavErr(ErrUnreadableWAV, "truncated fmt chunk (%v)", err)
			}
			offset += int64(len(body))
			f, err := parseFmt(body[:size])
			if err != nil {
				return h, err
			}
			h.format, haveFmt = f, true
		case "data":
			if !haveFmt {
				return h, wavErr(ErrUnreadableWAV, "data chunk before fmt chunk")
			}
			h.dataOffset, h.dataLen = offset, size
			if size == 0 || size == 0xFFFFFFFF {
				h.dataLen = -1 // streaming writer never filled it in: read to EOF
			}
			return h, nil
		default:
			n, err := io.CopyN(io.Discard, r, size+size%2)
			if err != nil {
				return h, wavErr(ErrUnreadableWAV, "truncated %q chunk (%v)", id, err)
			}
			offset += n
		}
	}
}

// parseFmt validates a "fmt " chunk body.
func parseFmt(b []byte) (wavFormat, error) {
	le := binary.LittleEndian
	f := wavFormat{
		tag:        le.Uint16(b[0:2]),
		channels:   int(le.Uint16(b[2:4])),
		rate:       int(le.Uint32(b[4:8])),
		blockAlign: int(le.Uint16(b[12:14])),
	}
	bits := int(le.Uint16(b[14:16]))
	if f.tag == wavTagExtensible {
		if len(b) < 40 {
			return f, wavErr(ErrUnreadableWAV, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short (%d bytes)", len(b))
		}
		if string(b[26:40]) != extensibleGUIDTail {
			return f, wavErr(ErrUnsupportedWAV, "unknown WAVE_FORMAT_EXTENSIBLE sub-format")
		}
		f.tag = le.Uint16(b[24:26])
	}
	if f.channels < 1 || f.channels > maxWAVChannels {
		return f, wavErr(ErrUnsupportedWAV, "%d channels", f.channels)
	}
	if !validRate(f.rate) {
		return f, wavErr(ErrUnsupportedWAV, "sample rate %d Hz", f.rate)
	}
	if f.blockAlign == 0 || f.blockAlign%f.channels != 0 {
		return f, wavErr(ErrUnreadableWAV, "block align %d does not fit %d channels", f.blockAlign, f.channels)
	}
	f.width = f.blockAlign / f.channels
	ok := false
	switch f.tag {
	case wavTagPCM:
		ok = f.width >= 1 && f.width <= 4
	case wavTagFloat:
		ok = f.width == 4 || f.width == 8
	case wavTagALaw, wavTagMuLaw:
		ok = f.width == 1
	}
	if !ok {
		return f, wavErr(ErrUnsupportedWAV, "format tag %d with %d bits per sample", f.tag, bits)
	}
	return f, nil
}

// encodeWAVHeader returns a 44-byte header for 16-bit PCM with channels interleaved channels
// and dataBytes of samples.
func encodeWAVHeader(rate, channels int, dataBytes uint32) []byte {
	le := binary.LittleEndian
	h := make([]byte, 44)
	copy(h[0:4], "RIFF")
	le.PutUint32(h[4:8], 36+dataBytes)
	copy(h[8:16], "WAVEfmt ")
	le.PutUint32(h[16:20], 16)
	le.PutUint16(h[20:22], wavTagPCM)
	le.PutUint16(h[22:24], uint16(channels))
	le.PutUint32(h[24:28], uint32(rate))
	le.PutUint32(h[28:32], uint32(rate*2*channels))
	le.PutUint16(h[32:34], uint16(2*channels))
	le.PutUint16(h[34:36], 16)
	copy(h[36:40], "data")
	le.PutUint32(h[40:44], dataBytes)
	return h
}
