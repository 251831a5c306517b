package audiocheck

import (
	"math"
	"math/cmplx"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"softphone/phone/audio"
)

func TestCorrelation(t *testing.T) {
	const rate = 8000
	speech := speechLike(10*rate, rate, 7)
	down, _ := audio.Resample(speech, rate, 16000)
	resampled, _ := audio.Resample(down, 16000, rate) // 8k -> 16k -> 8k
	quiet := make([]int16, len(speech))
	for i, v := range speech {
		quiet[i] = v / 4
	}
	tests := []struct {
		name      string
		sent, got []int16
		minPeak   float64
		maxPeak   float64
		lag       int
		lagTol    int
	}{
		{"mu-law, delayed 1234", speech, ulawRoundTrip(delay(speech, 1234)), 0.8, 1, 1234, 0},
		{"identical", speech, speech, 0.99, 1, 0, 0},
		{"resampled and delayed 2 s", speech, delay(resampled, 2*rate), 0.8, 1, 2 * rate, 1},
		{"quieter, delayed 3 s, trailing silence", speech, append(delay(quiet, 3*rate), make([]int16, rate)...), 0.8, 1, 3 * rate, 0},
		{"got starts late", delay(speech, 500), speech, 0.8, 1, -500, 0},
		{"unrelated noise", noise(10*rate, 1), noise(10*rate, 2), -1, 0.3, 0, -1},
		{"speech vs other speech", speech, speechLike(10*rate, rate, 99), -1, 0.5, 0, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			peak, lag := Correlation(tc.sent, tc.got)
			t.Logf("peak %.3f lag %d", peak, lag)
			if peak < tc.minPeak || peak > tc.maxPeak {
				t.Errorf("peak %.3f, want %.2f..%.2f", peak, tc.minPeak, tc.maxPeak)
			}
			if tc.lagTol >= 0 && (lag < tc.lag-tc.lagTol || lag > tc.lag+tc.lagTol) {
				t.Errorf("lag %d, want %d±%d", lag, tc.lag, tc.lagTol)
			}
		})
	}
}

func TestCorrelationDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sent, got []int16
	}{
		{"empty sent", nil, noise(100, 1)},
		{"empty got", noise(100, 1), nil},
		{"silent got", noise(100, 1), make([]int16, 100)},
		{"constant got", noise(100, 1), []int16{5, 5, 5, 5}},
	} {
		if peak, lag := Correlation(tc.sent, tc.got); peak != 0 || lag != 0 {
			t.Errorf("%s: %v, %v, want 0, 0", tc.name, peak, lag)
		}
	}
}

func TestFFTMatchesDFT(t *testing.T) {
	for _, n := range []int{1, 2, 8, 64} {
		x := make([]complex128, n)
		for i := range x {
			x[i] = complex(float64(i%5)-2, float64(i%3))
		}
		want := make([]complex128, n)
		for k := range want {
			for j, v := range x {
				want[k] += v * cmplx.Exp(complex(0, -2*math.Pi*float64(j*k)/float64(n)))
			}
		}
		got := append([]complex128(nil), x...)
		fft(got, false)
		for k := range got {
			if cmplx.Abs(got[k]-want[k]) > 1e-9 {
				t.Fatalf("n=%d bin %d: %v, want %v", n, k, got[k], want[k])
			}
		}
		fft(got, true)
		for k := range got {
			if cmplx.Abs(got[k]/complex(float64(n), 0)-x[k]) > 1e-9 {
				t.Fatalf("n=%d inverse bin %d: %v, want %v", n, k, got[k], x[k])
			}
		}
	}
}

func TestLoad(t *testing.T) {
	p := filepath.Join(t.TempDir(), "tone.wav")
	if err := audio.WriteWAV(p, sine(16000, 16000, 500, 0.5), 16000); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p, 8000)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 8000 || math.Abs(RMSdBFS(got[1000:7000])+9.03) > 0.1 {
		t.Errorf("loaded %d samples at %.2f dBFS, want 8000 at -9.03", len(got), RMSdBFS(got))
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.wav"), 8000); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := Load(p, 0); err == nil {
		t.Error("rate 0: no error")
	}
}

// TestCorrelationEspeak runs real synthetic speech through mu-law and a delay.
func TestCorrelationEspeak(t *testing.T) {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Skip("espeak-ng not installed")
	}
	p := filepath.Join(t.TempDir(), "speech.wav")
	cmd := exec.Command(bin, "-w", p, "Hello, this is a test call from the softphone. One two three four five.")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	speech, err := Load(p, 8000)
	if err != nil {
		t.Fatal(err)
	}
	if d := ActiveDuration(speech, 8000, -50); d < 2e9 {
		t.Fatalf("espeak produced only %v of speech", d)
	}
	peak, lag := Correlation(speech, ulawRoundTrip(delay(speech, 4321)))
	if peak < 0.8 || lag != 4321 {
		t.Errorf("peak %.3f lag %d, want > 0.8 and 4321", peak, lag)
	}
	peak, _ = Correlation(speech, noise(len(speech), 3))
	if peak > 0.3 {
		t.Errorf("speech vs noise peak %.3f, want < 0.3", peak)
	}
}

func BenchmarkCorrelation10s8k(b *testing.B) {
	sent := speechLike(10*8000, 8000, 1)
	got := ulawRoundTrip(delay(sent, 1234))
	b.ReportAllocs()
	for b.Loop() {
		Correlation(sent, got)
	}
}

func BenchmarkCorrelation30s8k(b *testing.B) {
	sent := speechLike(30*8000, 8000, 1)
	got := delay(sent, 8000)
	for b.Loop() {
		Correlation(sent, got)
	}
}
