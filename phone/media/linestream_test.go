package media

import (
	"path/filepath"
	"sync"
	"testing"
)

func TestLineStreamMute(t *testing.T) {
	tests := []struct {
		name              string
		mic, speaker      bool
		sent, played      int16 // what the far end gets, what we play
		recLocal, recRemo int16 // what the recording holds
	}{
		{name: "none", sent: 300, played: 700, recLocal: 300, recRemo: 700},
		{name: "mic", mic: true, sent: 0, played: 700, recLocal: 0, recRemo: 700},
		{name: "speaker", speaker: true, sent: 300, played: 0, recLocal: 300, recRemo: 700},
		{name: "both", mic: true, speaker: true, sent: 0, played: 0, recLocal: 0, recRemo: 700},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inner := &constStream{value: 700}
			l := NewLineStream(inner)
			if l.Inner() != inner {
				t.Fatal("Inner() is not the wrapped stream")
			}
			p := filepath.Join(t.TempDir(), "rec.wav")
			rec, err := NewRecorder(p, true)
			if err != nil {
				t.Fatal(err)
			}
			l.SetRecorder(rec)
			l.SetMute(tt.mic, tt.speaker)
			if mic, spk := l.Muted(); mic != tt.mic || spk != tt.speaker {
				t.Errorf("Muted() = %v, %v", mic, spk)
			}
			mic := frameOf(300)
			if err := l.WriteFrame(mic); err != nil {
				t.Fatal(err)
			}
			if mic[0] != 300 {
				t.Errorf("caller's frame changed to %d", mic[0])
			}
			out := make([]int16, FrameSamples)
			l.ReadFrame(out)
			l.SetRecorder(nil)
			l.WriteFrame(frameOf(5)) // not recorded any more
			l.ReadFrame(out[:0:0])
			if err := rec.Close(); err != nil {
				t.Fatal(err)
			}
			got := inner.frames()
			if len(got) != 2 || got[0][0] != tt.sent || got[0][FrameSamples-1] != tt.sent {
				t.Errorf("far end got %v frames starting %d, want %d", len(got), got[0][0], tt.sent)
			}
			if out[0] != tt.played || out[FrameSamples-1] != tt.played {
				t.Errorf("played %d, want %d", out[0], tt.played)
			}
			_, ch := readWAVChannels(t, p)
			if l, r := frameValues(ch[0]), frameValues(ch[1]); len(l) != 1 || l[0] != tt.recLocal || r[0] != tt.recRemo {
				t.Errorf("recorded left %v right %v, want [%d] [%d]", l, r, tt.recLocal, tt.recRemo)
			}
		})
	}
}

func TestLineStreamConcurrent(t *testing.T) {
	l := NewLineStream(nopStream{v: 9})
	var wg sync.WaitGroup
	wg.Go(func() {
		pcm := make([]int16, FrameSamples)
		for range 500 {
			l.ReadFrame(pcm)
			if pcm[0] != 0 && pcm[0] != 9 {
				t.Errorf("played %d", pcm[0])
				return
			}
		}
	})
	wg.Go(func() {
		pcm := make([]int16, FrameSamples)
		for range 500 {
			l.WriteFrame(pcm)
		}
	})
	for i := range 500 {
		l.SetMute(i%2 == 0, i%3 == 0)
	}
	wg.Wait()
}

func TestLineStreamAllocationFree(t *testing.T) {
	rec, err := NewRecorder(filepath.Join(t.TempDir(), "a.wav"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	l := NewLineStream(nopStream{v: 1})
	l.SetRecorder(rec)
	l.SetMute(true, false)
	pcm := make([]int16, FrameSamples)
	if n := testing.AllocsPerRun(200, func() {
		l.WriteFrame(pcm)
		l.ReadFrame(pcm)
	}); n != 0 {
		t.Errorf("%.1f allocations per frame, want 0", n)
	}
}
