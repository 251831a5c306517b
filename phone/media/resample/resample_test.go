package resample

import (
	"math"
	"testing"
)

func sine(rate int, freq, amp float64, n int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return out
}

// runFrames pushes src through r in 20 ms frames, like the media path does.
func runFrames(r *Resampler, src []int16, rate int) []int16 {
	frame := rate / 50
	var out, tmp []int16
	for i := 0; i+frame <= len(src); i += frame {
		tmp = r.Process(tmp, src[i:i+frame])
		out = append(out, tmp...)
	}
	return out
}

func rms(s []int16) float64 {
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(s)))
}

// goertzel returns the amplitude of freq in s.
func goertzel(s []int16, rate int, freq float64) float64 {
	w := 2 * math.Pi * freq / float64(rate)
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range s {
		s0 := float64(v) + c*s1 - s2
		s2, s1 = s1, s0
	}
	p := s1*s1 + s2*s2 - c*s1*s2
	return 2 * math.Sqrt(p) / float64(len(s))
}

func TestRatesProduceExpectedCounts(t *testing.T) {
	tests := []struct{ in, out int }{
		{48000, 16000}, {16000, 48000}, {8000, 16000}, {16000, 8000},
		{44100, 16000}, {16000, 44100}, {16000, 16000}, {48000, 8000},
	}
	for _, tc := range tests {
		r := New(tc.in, tc.out)
		src := sine(tc.in, 440, 8000, tc.in) // one second
		got := len(runFrames(r, src, tc.in))
		if d := got - tc.out; d < -1 || d > 1 {
			t.Errorf("%d->%d: got %d samples for 1 s, want %d", tc.in, tc.out, got, tc.out)
		}
	}
}

func TestSameRateIsCopy(t *testing.T) {
	r := New(16000, 16000)
	if !r.Passthrough() {
		t.Fatal("16000->16000 should be a passthrough")
	}
	src := []int16{1, -2, 3, 32767, -32768}
	got := r.Process(nil, src)
	for i := range src {
		if got[i] != src[i] {
			t.Fatalf("sample %d: got %d want %d", i, got[i], src[i])
		}
	}
}

func TestChainKeepsFrequencyAndLevel(t *testing.T) {
	const amp = 10000.0
	for _, freq := range []float64{300, 1000, 3000} {
		src := sine(48000, freq, amp, 48000)
		x := runFrames(New(48000, 16000), src, 48000)
		x = runFrames(New(16000, 8000), x, 16000)
		x = runFrames(New(8000, 16000), x, 8000)
		x = runFrames(New(16000, 48000), x, 16000)
		steady := x[len(x)/4:]
		got := goertzel(steady, 48000, freq)
		if db := 20 * math.Log10(got/amp); db < -1 || db > 0.5 {
			t.Errorf("%v Hz: level after chain %.2f dB, want within [-1, 0.5]", freq, db)
		}
		// Energy must stay at the tone's frequency, not elsewhere.
		if ratio := got / math.Sqrt2 / rms(steady); ratio < 0.98 {
			t.Errorf("%v Hz: only %.3f of RMS at the tone frequency", freq, ratio)
		}
	}
}

func TestAntiAlias(t *testing.T) {
	tests := []struct {
		in, out int
		freq    float64
	}{
		{16000, 8000, 7000},
		{16000, 8000, 5000},
		{48000, 8000, 10000},
		{48000, 16000, 20000},
		{44100, 16000, 12000},
	}
	for _, tc := range tests {
		const amp = 16000.0
		src := sine(tc.in, tc.freq, amp, tc.in)
		out := runFrames(New(tc.in, tc.out), src, tc.in)
		level := rms(out[len(out)/4:]) / (amp / math.Sqrt2)
		if db := 20 * math.Log10(level+1e-9); db > -40 {
			t.Errorf("%d->%d: %v Hz tone leaks at %.1f dB, want below -40 dB", tc.in, tc.out, tc.freq, db)
		}
	}
}

func TestClipsInsteadOfWrapping(t *testing.T) {
	// A full-scale step overshoots after filtering (Gibbs); it must saturate at
	// the int16 limit, not wrap to a negative value.
	src := make([]int16, 4800)
	for i := 2400; i < len(src); i++ {
		src[i] = math.MaxInt16
	}
	out := runFrames(New(48000, 16000), src, 48000)
	var peak int16
	for i, v := range out[len(out)/2+40:] {
		if v < 30000 {
			t.Fatalf("sample %d after the step is %d: wrapped or lost level", i, v)
		}
		peak = max(peak, v)
	}
	if peak != math.MaxInt16 {
		t.Errorf("peak after step %d, want saturated %d", peak, math.MaxInt16)
	}
}

func BenchmarkResampler48to16(b *testing.B) {
	r := New(48000, 16000)
	src := sine(48000, 1000, 8000, 960)
	dst := make([]int16, 0, 400)
	b.ReportAllocs()
	for b.Loop() {
		dst = r.Process(dst, src)
	}
}

func BenchmarkResampler16to48(b *testing.B) {
	r := New(16000, 48000)
	src := sine(16000, 1000, 8000, 320)
	dst := make([]int16, 0, 1000)
	b.ReportAllocs()
	for b.Loop() {
		dst = r.Process(dst, src)
	}
}
