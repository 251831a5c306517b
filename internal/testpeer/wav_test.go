package testpeer

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// makeWAV builds a PCM WAV; dataSize < 0 means the true size.
func makeWAV(rate, channels, bits int, samples []int16, dataSize int) []byte {
	data := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(data[2*i:], uint16(s))
	}
	if dataSize < 0 {
		dataSize = len(data)
	}
	b := []byte("RIFF\x00\x00\x00\x00WAVEfmt ")
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, uint16(channels))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate))
	b = binary.LittleEndian.AppendUint32(b, uint32(rate*channels*bits/8))
	b = binary.LittleEndian.AppendUint16(b, uint16(channels*bits/8))
	b = binary.LittleEndian.AppendUint16(b, uint16(bits))
	b = append(b, "LIST"...)
	b = binary.LittleEndian.AppendUint32(b, 3)
	b = append(b, "abc\x00"...) // odd chunk plus pad byte
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(dataSize))
	b = append(b, data...)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
	return b
}

func TestParseWAV(t *testing.T) {
	samples := []int16{0, 1000, -1000, 32767, -32768}
	tests := []struct {
		name    string
		in      []byte
		wantErr error
		wantN   int
	}{
		{"ok", makeWAV(8000, 1, 16, samples, -1), nil, 5},
		{"stereo", makeWAV(16000, 2, 16, samples[:4], -1), nil, 4},
		{"empty closed", makeWAV(8000, 1, 16, nil, -1), nil, 0},
		{"still open", makeWAV(8000, 1, 16, samples, 0), ErrWAVIncomplete, 0},
		{"claims too much", makeWAV(8000, 1, 16, samples, 100), ErrBadWAV, 0},
		{"8 bit", makeWAV(8000, 1, 8, samples, -1), ErrBadWAV, 0},
		{"zero channels", makeWAV(8000, 0, 16, samples, -1), ErrBadWAV, 0},
		{"not riff", []byte("RIFX....WAVE"), ErrBadWAV, 0},
		{"short", []byte("RIFF"), ErrBadWAV, 0},
		{"no data chunk", makeWAV(8000, 1, 16, nil, -1)[:44], ErrWAVIncomplete, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := ParseWAV(tc.in)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if len(w.Samples) != tc.wantN {
				t.Fatalf("%d samples, want %d", len(w.Samples), tc.wantN)
			}
			for i := range w.Samples {
				if w.Samples[i] != samples[i] {
					t.Errorf("sample %d = %d, want %d", i, w.Samples[i], samples[i])
				}
			}
		})
	}
}

func TestWAVSecondsSoFar(t *testing.T) {
	p := filepath.Join(t.TempDir(), "open.wav")
	if err := os.WriteFile(p, makeWAV(8000, 1, 16, make([]int16, 4000), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := wavSecondsSoFar(p); got != 0.5 {
		t.Errorf("wavSecondsSoFar = %v, want 0.5", got)
	}
	if got := wavSecondsSoFar(filepath.Join(t.TempDir(), "missing.wav")); got != 0 {
		t.Errorf("missing file: %v, want 0", got)
	}
}

func FuzzParseWAV(f *testing.F) {
	f.Add(makeWAV(8000, 1, 16, []int16{1, 2, 3}, -1))
	f.Add(makeWAV(8000, 1, 16, []int16{1, 2, 3}, 0))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEdata\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ParseWAV(data)
		if err == nil && (w.Rate < 1 || w.Channels < 1 || 2*len(w.Samples) > len(data)) {
			t.Fatalf("accepted nonsense: rate %d channels %d samples %d of %d bytes", w.Rate, w.Channels, len(w.Samples), len(data))
		}
	})
}

func BenchmarkParseWAV(b *testing.B) {
	data := makeWAV(8000, 1, 16, make([]int16, 8000*3), -1)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseWAV(data); err != nil {
			b.Fatal(err)
		}
	}
}
