package media

import (
	"log/slog"
	"runtime"
	"testing"
)

// benchmarkVoice runs the voice processing stage on one 20 ms frame per
// iteration: the speaker frame goes in as reference, the microphone frame
// holds its echo. Reported per frame: wall time (ns/op), the CPU time of the
// benchmark's thread (cpu-ns/op, which a loaded machine does not inflate) and
// allocations.
func benchmarkVoice(b *testing.B, p Processing) {
	var v voiceStage
	v.init(slog.New(slog.DiscardHandler))
	v.set(p)
	ref := speechLike()
	mic := make([]int16, FrameSamples)
	run := func() {
		v.played(ref)
		for i, s := range ref {
			mic[i] = s / 2
		}
		v.process(mic)
	}
	run() // makes the speexdsp states
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	cpu0, ok := threadCPU()
	n := 0
	for b.Loop() {
		run()
		n++
	}
	if cpu1, _ := threadCPU(); ok && n > 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkVoiceAEC is the echo canceller with residual echo suppression.
func BenchmarkVoiceAEC(b *testing.B) { benchmarkVoice(b, Processing{EchoCancel: true}) }

// BenchmarkVoiceAECDenoiseAGC is the echo canceller, noise suppression and AGC.
func BenchmarkVoiceAECDenoiseAGC(b *testing.B) {
	benchmarkVoice(b, Processing{EchoCancel: true, Denoise: true, AGC: true})
}

// BenchmarkVoiceOff is the stage switched off (the reference FIFO only).
func BenchmarkVoiceOff(b *testing.B) { benchmarkVoice(b, Processing{}) }
