package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadWAVFormats(t *testing.T) {
	f32 := make([]byte, 8)
	binary.LittleEndian.PutUint32(f32[0:], math.Float32bits(0.5))
	binary.LittleEndian.PutUint32(f32[4:], math.Float32bits(-0.25))
	f64 := make([]byte, 8)
	binary.LittleEndian.PutUint64(f64, math.Float64bits(-1))
	tests := []struct {
		name string
		spec wavSpec
		want []int16
		rate int
	}{
		{"mono 16-bit", wavSpec{tag: wavTagPCM, channels: 1, rate: 8000, width: 2, data: pcm16(1, -2, 32767, -32768)},
			[]int16{1, -2, 32767, -32768}, 8000},
		{"odd sample count, LIST chunk with odd size", wavSpec{tag: wavTagPCM, channels: 1, rate: 11025, width: 2, junk: true,
			data: pcm16(5, 6, 7)}, []int16{5, 6, 7}, 11025},
		{"stereo mixed to mono", wavSpec{tag: wavTagPCM, channels: 2, rate: 44100, width: 2, data: pcm16(100, 300, -100, -300, 32767, 32767)},
			[]int16{200, -200, 32767}, 44100},
		{"8-bit unsigned", wavSpec{tag: wavTagPCM, channels: 1, rate: 8000, width: 1, data: []byte{128, 255, 0}},
			[]int16{0, 127 * 256, -32768}, 8000},
		{"24-bit", wavSpec{tag: wavTagPCM, channels: 1, rate: 48000, width: 3, data: []byte{0xFF, 0x34, 0x12, 0x00, 0x00, 0x80}},
			[]int16{0x1235, -32768}, 48000},
		{"32-bit", wavSpec{tag: wavTagPCM, channels: 1, rate: 48000, width: 4, data: []byte{0, 0, 0x34, 0x12}},
			[]int16{0x1234}, 48000},
		{"float32 stereo", wavSpec{tag: wavTagFloat, channels: 2, rate: 16000, width: 4, data: f32},
			[]int16{4096}, 16000},
		{"float64", wavSpec{tag: wavTagFloat, channels: 1, rate: 16000, width: 8, data: f64}, []int16{-32768}, 16000},
		{"extensible 16-bit stereo", wavSpec{tag: wavTagPCM, channels: 2, rate: 32000, width: 2, extensible: true,
			data: pcm16(10, 20, 30, 40)}, []int16{15, 35}, 32000},
		{"mu-law", wavSpec{tag: wavTagMuLaw, channels: 1, rate: 8000, width: 1, data: []byte{0xFF, 0x80, 0x00}},
			[]int16{0, 32124, -32124}, 8000},
		{"A-law", wavSpec{tag: wavTagALaw, channels: 1, rate: 8000, width: 1, data: []byte{0xD5, 0xAA, 0x2A}},
			[]int16{8, 32256, -32256}, 8000},
		{"empty data", wavSpec{tag: wavTagPCM, channels: 1, rate: 8000, width: 2}, []int16{}, 8000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "in.wav", tc.spec.bytes())
			got, rate, err := ReadWAV(p)
			if err != nil {
				t.Fatal(err)
			}
			if rate != tc.rate || !slices.Equal(got, tc.want) {
				t.Errorf("got %v @ %d Hz, want %v @ %d Hz", got, rate, tc.want, tc.rate)
			}
		})
	}
}

func TestWAVRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 319, 320, 16001, 48001} {
		samples := make([]int16, n)
		for i := range samples {
			samples[i] = int16(i*7919 - 30000)
		}
		p := filepath.Join(t.TempDir(), "rt.wav")
		if err := WriteWAV(p, samples, 16000); err != nil {
			t.Fatal(err)
		}
		got, rate, err := ReadWAV(p)
		if err != nil {
			t.Fatal(err)
		}
		if rate != 16000 || !slices.Equal(got, samples) {
			t.Errorf("n=%d: round trip gave %d samples @ %d Hz", n, len(got), rate)
		}
	}
}

func TestReadWAVErrors(t *testing.T) {
	good := wavSpec{tag: wavTagPCM, channels: 1, rate: 8000, width: 2, data: pcm16(1, 2)}.bytes()
	adpcm := wavSpec{tag: 2, channels: 1, rate: 8000, width: 1, data: []byte{1}}.bytes()
	zeroCh := bytes.Clone(good)
	binary.LittleEndian.PutUint16(zeroCh[22:], 0)
	noData := good[:36]
	tests := []struct {
		name     string
		data     []byte
		sentinel error
		mention  string
	}{
		{"empty file", nil, ErrUnreadableWAV, "too short"},
		{"garbage", []byte("this is not a wave file at all"), ErrUnreadableWAV, "not a RIFF/WAVE"},
		{"truncated header", good[:20], ErrUnreadableWAV, "truncated fmt"},
		{"no data chunk", noData, ErrUnreadableWAV, "no data chunk"},
		{"ADPCM", adpcm, ErrUnsupportedWAV, "format tag 2"},
		{"zero channels", zeroCh, ErrUnsupportedWAV, "0 channels"},
		{"RF64", append([]byte("RF64"), good[4:]...), ErrUnsupportedWAV, "RF64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "bad.wav", tc.data)
			_, _, err := ReadWAV(p)
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want %v", err, tc.sentinel)
			}
			if msg := err.Error(); !bytes.Contains([]byte(msg), []byte(tc.mention)) || !bytes.Contains([]byte(msg), []byte(p)) {
				t.Errorf("error %q should name the file and say %q", msg, tc.mention)
			}
		})
	}
	if _, _, err := ReadWAV(filepath.Join(t.TempDir(), "missing.wav")); !errors.Is(err, ErrUnreadableWAV) {
		t.Errorf("missing file: %v", err)
	}
}

func TestReadWAVTruncatedDataKeepsWholeFrames(t *testing.T) {
	b := wavSpec{tag: wavTagPCM, channels: 2, rate: 8000, width: 2, data: pcm16(2, 4, 6, 8)}.bytes()
	got, _, err := ReadWAV(writeTemp(t, "cut.wav", b[:len(b)-3]))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int16{3}) {
		t.Errorf("got %v, want [3]", got)
	}
}

func FuzzReadWAV(f *testing.F) {
	f.Add(wavSpec{tag: wavTagPCM, channels: 1, rate: 8000, width: 2, data: pcm16(1, 2, 3)}.bytes())
	f.Add(wavSpec{tag: wavTagFloat, channels: 2, rate: 8000, width: 4, extensible: true, junk: true, data: make([]byte, 16)}.bytes())
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		samples, rate, err := decodeWAV(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrUnreadableWAV) && !errors.Is(err, ErrUnsupportedWAV) {
				t.Fatalf("error without sentinel: %v", err)
			}
			return
		}
		if !validRate(rate) || len(samples) > len(data) {
			t.Fatalf("rate %d, %d samples from %d bytes", rate, len(samples), len(data))
		}
	})
}
