package media

import (
	"fmt"
	"testing"
	"time"

	"github.com/pion/rtp"

	"softphone/phone/audio"
)

// BenchmarkMixLegs is the whole mixing work of one 20 ms frame for N
// conference legs: playback (every leg's frame read, queued for mix-minus,
// summed with a tone) and capture (each leg sent mic + all other legs).
func BenchmarkMixLegs(b *testing.B) {
	for _, n := range []int{3, 8, 32} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			e := NewEngine(EngineConfig{})
			for i := range n {
				e.Attach(fmt.Sprint("leg", i), nopStream{int16(100 * (i + 1))})
			}
			e.SetTone(nopStream{50})
			mic := sineFrames(1, 1000, 8000)[0]
			b.ReportAllocs()
			for b.Loop() {
				e.mixPlayback()
				e.captureFrame(mic)
			}
		})
	}
}

// BenchmarkDTMFGenerate builds and marshals every RFC 4733 packet of one
// 100 ms digit at 8 kHz: five progress packets and three end packets.
func BenchmarkDTMFGenerate(b *testing.B) {
	buf := make([]byte, 1500)
	var payload [4]byte
	b.ReportAllocs()
	for b.Loop() {
		h := rtp.Header{Version: 2, PayloadType: 101, SSRC: 7, Timestamp: 12345}
		for p := range dtmfPackets('5', 100*time.Millisecond, 160) {
			pl, err := AppendDTMFEvent(payload[:0], p.event)
			if err != nil {
				b.Fatal(err)
			}
			h.Marker = p.marker
			h.SequenceNumber++
			if _, err := rtp.MarshalPacketTo(buf, &h, pl); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDTMFToneFrame renders one 20 ms frame of the local DTMF feedback
// tone (two sines).
func BenchmarkDTMFToneFrame(b *testing.B) {
	tone, err := audio.NewDTMFTone('5')
	if err != nil {
		b.Fatal(err)
	}
	pcm := make([]int16, FrameSamples)
	b.ReportAllocs()
	for b.Loop() {
		tone.ReadFrame(pcm)
	}
}

// BenchmarkLineStreamRecording is one frame each way through a LineStream
// that records stereo: the per-frame cost a recorded call adds.
func BenchmarkLineStreamRecording(b *testing.B) {
	rec, err := NewRecorder(b.TempDir()+"/bench.wav", true)
	if err != nil {
		b.Fatal(err)
	}
	defer rec.Close()
	l := NewLineStream(nopStream{v: 3})
	l.SetRecorder(rec)
	pcm := sineFrames(1, 700, 8000)[0]
	out := make([]int16, FrameSamples)
	b.ReportAllocs()
	for b.Loop() {
		l.WriteFrame(pcm)
		l.ReadFrame(out)
	}
}
