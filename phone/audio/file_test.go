package audio

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFileInputPlaysThenSilenceOrLoop(t *testing.T) {
	src := []int16{1, 2, 3, 4, 5}
	tests := []struct {
		name string
		loop bool
		want []int16
	}{
		{"silence after end", false, []int16{1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0}},
		{"loop", true, []int16{1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "in.wav")
			if err := WriteWAV(p, src, 8000); err != nil {
				t.Fatal(err)
			}
			clk := newFakeClock()
			in, err := NewFileDriver(WithClock(clk), WithLoop(tc.loop)).OpenInput(p)
			if err != nil {
				t.Fatal(err)
			}
			if in.Rate() != 8000 {
				t.Errorf("rate %d, want the file's 8000", in.Rate())
			}
			var got []int16
			buf := make([]int16, 3)
			start := clk.Now()
			for range 4 {
				if err := in.Read(buf); err != nil {
					t.Fatal(err)
				}
				got = append(got, buf...)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if el := clk.elapsed(start); el != 12*time.Second/8000 {
				t.Errorf("paced %v for 12 samples at 8 kHz", el)
			}
			if err := in.Close(); err != nil {
				t.Fatal(err)
			}
			if err := in.Read(buf); !errors.Is(err, ErrClosed) {
				t.Errorf("read after close: %v", err)
			}
		})
	}
}

func TestFileInputOpenErrors(t *testing.T) {
	garbage := writeTemp(t, "notes.wav", []byte("hello, not audio"))
	missing := filepath.Join(t.TempDir(), "missing.wav")
	d := NewFileDriver()
	for _, tc := range []struct {
		path     string
		sentinel error
	}{
		{garbage, ErrUnreadableWAV},
		{missing, ErrUnreadableWAV},
		{"", ErrBadSpec},
	} {
		_, err := d.OpenInput(tc.path)
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("OpenInput(%q) = %v, want %v naming the file", tc.path, err, tc.sentinel)
		}
	}
}

func TestFileOutputRecordsPaced(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.wav")
	clk := newFakeClock()
	out, err := NewFileDriver(WithClock(clk)).OpenOutput(p)
	if err != nil {
		t.Fatal(err)
	}
	if out.Rate() != 16000 {
		t.Fatalf("rate %d", out.Rate())
	}
	frame := make([]int16, 320)
	start := clk.Now()
	for i := range 60 {
		frame[0] = int16(i)
		if err := out.Write(frame); err != nil {
			t.Fatal(err)
		}
	}
	if el := clk.elapsed(start); el != 1200*time.Millisecond {
		t.Errorf("60 frames paced to %v, want 1.2s", el)
	}
	mid, _, err := ReadWAV(p)
	if err != nil || len(mid) < 16000 {
		t.Fatalf("mid-write read: %d samples, %v", len(mid), err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	got, rate, err := ReadWAV(p)
	if err != nil {
		t.Fatal(err)
	}
	if rate != 16000 || len(got) != 60*320 || got[59*320] != 59 {
		t.Errorf("recorded %d samples @ %d Hz", len(got), rate)
	}
}
