package testpeer

import (
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// DefaultSpeech is spoken by SpeechWAV when text is empty: a few seconds of
// speech.
const DefaultSpeech = "This is a test call. One, two, three, four, five. The quick brown fox jumps over the lazy dog."

// SpeechWAV speaks text with espeak-ng and converts it with sox to a mono
// 16-bit PCM WAV at rate Hz, normalised to -6 dBFS peak, with 0.5 s of
// silence at both ends. The file lives in t.TempDir().
func SpeechWAV(t testing.TB, text string, rate int) string {
	t.Helper()
	if rate < 8000 || rate > 192000 {
		t.Fatalf("testpeer: SpeechWAV: sample rate %d out of range 8000-192000", rate)
	}
	if text == "" {
		text = DefaultSpeech
	}
	espeak := lookBinary(t, "espeak-ng", "espeak-ng")
	sox := lookBinary(t, "sox", "sox")
	dir := t.TempDir()
	raw := filepath.Join(dir, "espeak.wav")
	if out, err := exec.Command(espeak, "-w", raw, "--", text).CombinedOutput(); err != nil {
		t.Fatalf("testpeer: espeak-ng: %v: %s", err, out)
	}
	out := filepath.Join(dir, "speech-"+strconv.Itoa(rate)+".wav")
	convertWAV(t, sox, raw, out, rate, "norm", "-6", "pad", "0.5", "0.5")
	return out
}

// convertWAV runs sox to turn in into a mono S16 WAV at rate, applying the
// extra effects after the conversion.
func convertWAV(t testing.TB, sox, in, out string, rate int, effects ...string) {
	t.Helper()
	args := []string{"-q", in, "-c", "1", "-b", "16", "-e", "signed-integer", out, "rate", strconv.Itoa(rate)}
	args = append(args, effects...)
	if b, err := exec.Command(sox, args...).CombinedOutput(); err != nil {
		t.Fatalf("testpeer: sox %v: %v: %s", args, err, b)
	}
}

// RepeatWAV returns a WAV (in t.TempDir()) that plays in, then gap of
// silence, again and again until it lasts at least total: a microphone
// that keeps talking through a long test (hold, resume, transfer), where
// SpeechWAV would fall silent after a few seconds.
func RepeatWAV(t testing.TB, in string, gap, total time.Duration) string {
	t.Helper()
	if gap < 0 || total <= 0 {
		t.Fatalf("testpeer: RepeatWAV: gap %v and total %v must be >= 0 and > 0", gap, total)
	}
	src, err := ReadWAV(in)
	if err != nil {
		t.Fatalf("testpeer: RepeatWAV: %v", err)
	}
	period := src.Duration() + gap.Seconds()
	if period <= 0 {
		t.Fatalf("testpeer: RepeatWAV: %s is empty", in)
	}
	repeats := int(math.Ceil(total.Seconds()/period)) - 1
	sox := lookBinary(t, "sox", "sox")
	out := filepath.Join(t.TempDir(), "repeat.wav")
	args := []string{"-q", in, out, "pad", "0", secs(gap)}
	if repeats > 0 {
		args = append(args, "repeat", strconv.Itoa(repeats))
	}
	if b, err := exec.Command(sox, args...).CombinedOutput(); err != nil {
		t.Fatalf("testpeer: sox %v: %v: %s", args, err, b)
	}
	return out
}
