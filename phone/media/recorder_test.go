package media

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// readWAVChannels reads a 16-bit PCM WAV written by audio.WAVWriter and
// returns its channels de-interleaved.
func readWAVChannels(t *testing.T, path string) (rate int, chans [][]int16) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 44 || string(raw[0:4]) != "RIFF" || string(raw[36:40]) != "data" {
		t.Fatalf("%s: not a canonical WAV (%d bytes)", path, len(raw))
	}
	le := binary.LittleEndian
	n, size := int(le.Uint16(raw[22:])), int(le.Uint32(raw[40:]))
	data := raw[44:]
	if size > len(data) {
		t.Fatalf("header says %d data bytes, file has %d", size, len(data))
	}
	data = data[:size]
	chans = make([][]int16, n)
	for i := 0; i+2*n <= len(data); i += 2 * n {
		for c := range n {
			chans[c] = append(chans[c], int16(le.Uint16(data[i+2*c:])))
		}
	}
	return int(le.Uint32(raw[24:])), chans
}

func frameOf(v int16) []int16 { return constFrame(FrameSamples, v) }

// frameValues returns the first sample of every frame of ch.
func frameValues(ch []int16) []int16 {
	var out []int16
	for i := 0; i < len(ch); i += FrameSamples {
		out = append(out, ch[i])
	}
	return out
}

func TestRecorderPairsFrames(t *testing.T) {
	type call struct {
		remote bool
		v      int16
	}
	L := func(v int16) call { return call{false, v} }
	R := func(v int16) call { return call{true, v} }
	tests := []struct {
		name        string
		stereo      bool
		calls       []call
		left, right []int16 // per frame, stereo
		mono        []int16 // per frame, mono
	}{
		{name: "in step", stereo: true, calls: []call{L(1), R(10), L(2), R(20)},
			left: []int16{1, 2}, right: []int16{10, 20}},
		{name: "remote a frame ahead", stereo: true, calls: []call{R(10), R(20), L(1), R(30), L(2), L(3)},
			left: []int16{1, 2, 3}, right: []int16{10, 20, 30}},
		{name: "local two ahead, flushed on close", stereo: true, calls: []call{L(1), L(2), L(3), R(10)},
			left: []int16{1, 2, 3}, right: []int16{10, 0, 0}},
		{name: "remote stalled past the lead limit", stereo: true,
			calls: []call{L(1), L(2), L(3), L(4), L(5), L(6), L(7), L(8), L(9), L(10), R(50)},
			left:  []int16{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, right: []int16{0, 0, 50, 0, 0, 0, 0, 0, 0, 0}},
		{name: "mono mixes and clips", calls: []call{L(1000), R(234), L(30000), R(30000)},
			mono: []int16{1234, 32767}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "call.wav")
			r, err := NewRecorder(p, tt.stereo)
			if err != nil {
				t.Fatal(err)
			}
			if r.Path() != p {
				t.Errorf("Path() = %q", r.Path())
			}
			for _, c := range tt.calls {
				if c.remote {
					r.Remote(frameOf(c.v))
				} else {
					r.Local(frameOf(c.v))
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			r.Local(frameOf(99)) // after Close: ignored, no panic
			rate, ch := readWAVChannels(t, p)
			if rate != InternalRate {
				t.Errorf("rate %d", rate)
			}
			if tt.stereo {
				if len(ch) != 2 {
					t.Fatalf("%d channels, want 2", len(ch))
				}
				if got := frameValues(ch[0]); !slicesEqual(got, tt.left) {
					t.Errorf("left %v, want %v", got, tt.left)
				}
				if got := frameValues(ch[1]); !slicesEqual(got, tt.right) {
					t.Errorf("right %v, want %v", got, tt.right)
				}
				return
			}
			if len(ch) != 1 {
				t.Fatalf("%d channels, want 1", len(ch))
			}
			if got := frameValues(ch[0]); !slicesEqual(got, tt.mono) {
				t.Errorf("mono %v, want %v", got, tt.mono)
			}
		})
	}
}

func slicesEqual(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRecorderConcurrentSides feeds both sides from their own goroutines, as
// the engine's two clocks do (loosely in step: remote up to one frame ahead,
// local up to three): each frame must land next to its partner.
func TestRecorderConcurrentSides(t *testing.T) {
	ahead := make(chan struct{}, 3)
	p := filepath.Join(t.TempDir(), "call.wav")
	r, err := NewRecorder(p, true)
	if err != nil {
		t.Fatal(err)
	}
	const frames = 90
	var wg sync.WaitGroup
	for _, remote := range []bool{false, true} {
		wg.Go(func() {
			f := make([]int16, FrameSamples)
			for i := range frames {
				for j := range f {
					f[j] = int16(i + 1)
				}
				if remote {
					f[0] = -int16(i + 1)
					r.Remote(f)
					<-ahead
				} else {
					ahead <- struct{}{}
					r.Local(f)
				}
			}
		})
	}
	wg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	_, ch := readWAVChannels(t, p)
	left, right := frameValues(ch[0]), frameValues(ch[1])
	if len(left) != frames || r.Dropped() != 0 {
		t.Fatalf("%d frames, %d dropped; want %d, 0", len(left), r.Dropped(), frames)
	}
	for i := range left {
		if left[i] != int16(i+1) || right[i] != -int16(i+1) || ch[1][i*FrameSamples+1] != int16(i+1) {
			t.Fatalf("frame %d: left %d right %d, want %d and -%d", i, left[i], right[i], i+1, i+1)
		}
	}
}

func TestRecorderReadableWhileRecording(t *testing.T) {
	p := filepath.Join(t.TempDir(), "live.wav")
	r, err := NewRecorder(p, true)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i := range 60 { // 1.2 s
		r.Local(frameOf(int16(i)))
		r.Remote(frameOf(int16(-i)))
	}
	var ch [][]int16
	eventually(t, "header rewrite after a second", func() bool {
		_, ch = readWAVChannels(t, p)
		return len(ch[0]) >= InternalRate
	})
	if ch[0][FrameSamples*7] != 7 || ch[1][FrameSamples*7] != -7 {
		t.Errorf("frame 7 reads %d/%d, want 7/-7", ch[0][FrameSamples*7], ch[1][FrameSamples*7])
	}
}

func TestRecorderBadPath(t *testing.T) {
	_, err := NewRecorder(filepath.Join(t.TempDir(), "missing", "dir", "x.wav"), true)
	if !errors.Is(err, ErrRecorder) {
		t.Errorf("error %v does not wrap ErrRecorder", err)
	}
}

func TestRecorderCloseTwice(t *testing.T) {
	r, err := NewRecorder(filepath.Join(t.TempDir(), "x.wav"), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
