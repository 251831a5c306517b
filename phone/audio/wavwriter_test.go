package audio

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWAVWriterHeaderMidWriteAndAfterClose(t *testing.T) {
	p := filepath.Join(t.TempDir(), "rec.wav")
	w, err := NewWAVWriter(p, 8000)
	if err != nil {
		t.Fatal(err)
	}
	frame := make([]int16, 160)
	for i := range frame {
		frame[i] = int16(i)
	}
	// 1.5 s: the header is rewritten after the first second.
	for range 75 {
		if err := w.Write(frame); err != nil {
			t.Fatal(err)
		}
	}
	got, rate, err := ReadWAV(p) // as another process would see it while recording
	if err != nil {
		t.Fatal(err)
	}
	if rate != 8000 || len(got) < 8000 || len(got) > 75*160 {
		t.Errorf("mid-write: %d samples @ %d Hz, want 8000..12000 @ 8000", len(got), rate)
	}
	if got[161] != 1 {
		t.Errorf("mid-write sample 161 = %d, want 1", got[161])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if riff, data := le.Uint32(raw[4:]), le.Uint32(raw[40:]); riff != 36+75*320 || data != 75*320 || len(raw) != 44+75*320 {
		t.Errorf("after close: RIFF size %d, data size %d, file %d bytes", riff, data, len(raw))
	}
	if err := w.Write(frame); !errors.Is(err, ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

func TestWAVWriterBadInput(t *testing.T) {
	if _, err := NewWAVWriter(filepath.Join(t.TempDir(), "x.wav"), 0); !errors.Is(err, ErrBadRate) {
		t.Errorf("rate 0: %v", err)
	}
	if _, err := NewWAVWriter(filepath.Join(t.TempDir(), "no", "dir", "x.wav"), 8000); err == nil {
		t.Error("missing directory: no error")
	}
}

func TestWAVWriterStereo(t *testing.T) {
	p := filepath.Join(t.TempDir(), "st.wav")
	w, err := NewWAVWriterChannels(p, 16000, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]int16{1, 2, 3}); !errors.Is(err, ErrBadChannels) {
		t.Errorf("odd sample count: %v, want ErrBadChannels", err)
	}
	frame := make([]int16, 640) // 20 ms stereo
	for i := range frame {
		frame[i] = int16(1000 * (1 + i%2)) // left 1000, right 2000
	}
	for range 60 { // 1.2 s: header rewritten after one second of frames, not samples
		if err := w.Write(frame); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if ch, br, ba, data := le.Uint16(raw[22:]), le.Uint32(raw[28:]), le.Uint16(raw[32:]), le.Uint32(raw[40:]); ch != 2 || br != 64000 || ba != 4 || data != 50*640*2 {
		t.Errorf("mid-write header: channels %d, byte rate %d, block align %d, data %d", ch, br, ba, data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, rate, err := ReadWAV(p) // mixes down to mono
	if err != nil {
		t.Fatal(err)
	}
	if rate != 16000 || len(got) != 60*320 || got[100] != 1500 {
		t.Errorf("read back %d samples @ %d Hz, sample %d; want %d @ 16000, 1500", len(got), rate, got[100], 60*320)
	}
	for _, ch := range []int{0, 9} {
		if _, err := NewWAVWriterChannels(filepath.Join(t.TempDir(), "x.wav"), 8000, ch); !errors.Is(err, ErrBadChannels) {
			t.Errorf("%d channels: %v", ch, err)
		}
	}
}
