package media

import (
	"testing"
)

func TestVADMeter(t *testing.T) {
	var m vadMeter
	if l := m.take(); l != (VADLevels{}) {
		t.Fatalf("empty interval %+v", l)
	}
	// 9 silent frames and one at RMS 1000 (-30 dBFS): a tenth holds speech.
	for range 9 {
		vadUpdate(&m, make([]int16, FrameSamples))
	}
	vadUpdate(&m, constFrame(FrameSamples, 1000))
	if l := m.take(); l.Avg != 100 || l.Max != 1000 || !l.Speaking || l.Frames != 10 {
		t.Errorf("one loud frame in ten: %+v, want avg 100, max 1000, speaking", l)
	}
	// Quiet noise below -40 dBFS is not speech.
	for range 10 {
		vadUpdate(&m, constFrame(FrameSamples, 200))
	}
	if l := m.take(); l.Avg != 200 || l.Max != 200 || l.Speaking {
		t.Errorf("quiet frames: %+v, want avg 200, not speaking", l)
	}
	// A wide (mixed) frame over full scale reads at most 32767.
	wide := make([]int32, FrameSamples)
	for i := range wide {
		wide[i] = 70000
	}
	vadUpdate(&m, wide)
	if l := m.take(); l.Max != 32767 || !l.Speaking {
		t.Errorf("clipping mix: %+v", l)
	}
}

// TestEngineVAD: the engine measures the microphone after mute and the far end's audio.
func TestEngineVAD(t *testing.T) {
	in, out := newFakeInput(16000), newFakeOutput(16000)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	e.Attach("a", &constStream{value: 3000})
	e.Start()
	defer e.Close()
	runLockstep(t, in, out, 5, 2000)
	local, remote := e.VAD()
	if local.Avg < 1900 || local.Avg > 2100 || !local.Speaking || remote.Avg < 2900 || remote.Avg > 3100 || !remote.Speaking {
		t.Errorf("VAD local %+v remote %+v, want about 2000 and 3000, both speaking", local, remote)
	}
	e.SetMute(true, false)
	// Mute applies from the next frame the engine takes: a frame already in the loop when
	// SetMute returns may still count, so the interval after that one is the one checked.
	runLockstep(t, in, out, 2, 2000)
	e.VAD()
	runLockstep(t, in, out, 5, 2000)
	if local, _ := e.VAD(); local.Max != 0 || local.Speaking {
		t.Errorf("muted microphone: %+v", local)
	}
}

// BenchmarkVADFrame is the per-frame cost of the voice activity meter (one 20 ms frame at
// the engine rate).
func BenchmarkVADFrame(b *testing.B) {
	b.ReportAllocs()
	var m vadMeter
	pcm := constFrame(FrameSamples, 1200)
	for b.Loop() {
		vadUpdate(&m, pcm)
	}
}
