package audio

import (
	"path/filepath"
	"testing"
)

func BenchmarkToneReadFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		tone *Tone
	}{{"ringback", NewRingbackTone()}, {"busy", NewBusyTone()}} {
		b.Run(tc.name, func(b *testing.B) {
			frame := make([]int16, 320)
			b.ReportAllocs()
			for b.Loop() {
				tc.tone.ReadFrame(frame)
			}
		})
	}
}

// BenchmarkFileInputReadFrame reads 20 ms frames from a looping WAV file (pacing on a fake clock).
func BenchmarkFileInputReadFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		spec wavSpec
	}{
		{"mono16-16k", wavSpec{tag: wavTagPCM, channels: 1, rate: 16000, width: 2, data: make([]byte, 16000*2*5)}},
		{"stereo16-48k", wavSpec{tag: wavTagPCM, channels: 2, rate: 48000, width: 2, data: make([]byte, 48000*4*5)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p := writeTemp(b, "bench.wav", tc.spec.bytes())
			in, err := NewFileDriver(WithClock(newFakeClock()), WithLoop(true)).OpenInput(p)
			if err != nil {
				b.Fatal(err)
			}
			defer in.Close()
			frame := make([]int16, in.Rate()/50)
			b.ReportAllocs()
			for b.Loop() {
				if err := in.Read(frame); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWAVWriterFrame(b *testing.B) {
	w, err := NewWAVWriter(filepath.Join(b.TempDir(), "bench.wav"), 16000)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	frame := make([]int16, 320)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Write(frame); err != nil {
			b.Fatal(err)
		}
	}
}
