package audio

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// asoundrcs are ALSA configurations that give PortAudio a default device on a machine
// without a sound card, tried in order.
var asoundrcs = []struct{ name, conf string }{
	{"null", "pcm.!default { type null }\nctl.!default { type hw card 0 }\n"},
	{"file", "pcm.!default { type file slave.pcm \"null\" file \"/dev/null\" format \"raw\" }\nctl.!default { type hw card 0 }\n"},
}

func TestIntegrationPortAudioNull(t *testing.T) {
	var failures []error
	for _, rc := range asoundrcs {
		home := t.TempDir()
		if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(rc.conf), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("HOME", home)
		err := runPortAudioFrames(t, NewPortAudioDriver())
		if err == nil {
			t.Logf("ALSA %s PCM works", rc.name)
			return
		}
		failures = append(failures, errors.New(rc.name+": "+err.Error()))
	}
	t.Skipf("ALSA null and file PCMs cannot be opened through PortAudio here: %v", errors.Join(failures...))
}

// runPortAudioFrames opens the default input and output and moves 10 frames each way.
func runPortAudioFrames(t *testing.T, d *PortAudioDriver) error {
	t.Helper()
	in, err := d.OpenInput("default")
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := d.OpenOutput("")
	if err != nil {
		return err
	}
	defer out.Close()
	if in.Rate() <= 0 || out.Rate() <= 0 {
		t.Fatalf("rates: input %d, output %d", in.Rate(), out.Rate())
	}
	inBuf := make([]int16, in.Rate()/50)
	outBuf := make([]int16, out.Rate()/50)
	for i := range outBuf {
		outBuf[i] = int16(i * 50)
	}
	for range 10 {
		if err := in.Read(inBuf); err != nil {
			t.Fatalf("read: %v", err)
		}
		if err := out.Write(outBuf); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	if err := in.Close(); err != nil {
		t.Errorf("close input: %v", err)
	}
	if err := out.Close(); err != nil {
		t.Errorf("close output: %v", err)
	}
	return nil
}
