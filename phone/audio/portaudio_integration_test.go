package audio

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestIntegrationPortAudioNoDevices(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // no .asoundrc: on a machine without a sound card, no devices
	d := NewDrivers(NewNullDriver(), NewPortAudioDriver())
	in, err := d.OpenInput("")
	if err == nil {
		in.Close()
		t.Skip("this machine has a real sound device")
	}
	if !errors.Is(err, ErrNoDevice) {
		t.Fatalf("default input without devices: %v, want ErrNoDevice", err)
	}
	if _, err := d.OpenOutput("USB Headset"); !errors.Is(err, ErrNoDevice) || !strings.Contains(err.Error(), "USB Headset") {
		t.Errorf("named output without devices: %v", err)
	}
	// The rest of the drivers keep working.
	if in, err := d.OpenInput("null"); err != nil {
		t.Errorf("null input after PortAudio failed: %v", err)
	} else {
		in.Close()
	}
}

func TestIntegrationPortAudioNull(t *testing.T) {
	// ALSA configurations that give PortAudio a default device without a sound card, in order.
	asoundrcs := []struct{ name, conf string }{
		{"null", "pcm.!default { type null }\nctl.!default { type hw card 0 }\n"},
		{"file", "pcm.!default { type file slave.pcm \"null\" file \"/dev/null\" format \"raw\" }\nctl.!default { type hw card 0 }\n"},
	}
	var failures []error
	for _, rc := range asoundrcs {
		home := t.TempDir()
		if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(rc.conf), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("HOME", home)
		clk := newFakeClock()
		d := NewPortAudioDriver(WithClock(clk))
		start := clk.Now()
		err := runPortAudioFrames(t, d)
		if err == nil {
			t.Logf("ALSA %s PCM works", rc.name)
			// The null PCM returns at once; the pacing guard must hold each stream to real time.
			if el := clk.elapsed(start); el < 10*FrameDuration*time.Millisecond {
				t.Errorf("10 frames each way took %v of clock time, want >= 200ms", el)
			}
			checkPortAudioLookup(t, d)
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

// checkPortAudioLookup lists devices and checks a missing name gives ErrNoDevice listing them.
func checkPortAudioLookup(t *testing.T, d *PortAudioDriver) {
	t.Helper()
	ins, err := d.Inputs()
	if err != nil || len(ins) == 0 {
		t.Fatalf("Inputs() = %v, %v", ins, err)
	}
	_, err = d.OpenInput("No Such Headset")
	if !errors.Is(err, ErrNoDevice) || !strings.Contains(err.Error(), "available: ") ||
		!strings.Contains(err.Error(), ins[0].Name) {
		t.Errorf("missing device: %v", err)
	}
	in, err := d.OpenInput(strings.ToUpper(ins[0].Name[:2]))
	if err != nil {
		t.Fatalf("open by partial name %q: %v", ins[0].Name[:2], err)
	}
	if err := in.Close(); err != nil {
		t.Error(err)
	}
	if d.refs != 0 {
		t.Errorf("PortAudio still referenced %d times after every device closed", d.refs)
	}
}
