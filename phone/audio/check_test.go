package audio_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"softphone/internal/audiotest"
	"softphone/phone/audio"
)

// TestDriversCheck: a device is checked without opening it, and a missing one is an error that
// lists the devices there are.
func TestDriversCheck(t *testing.T) {
	dir := t.TempDir()
	wav := filepath.Join(dir, "in.wav")
	if err := os.WriteFile(wav, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	d := audio.NewDrivers(audio.NewFileDriver(), audio.NewNullDriver(),
		audiotest.New(&audiotest.Device{Name: "USB Headset", Rate: 48000}))
	for _, tc := range []struct {
		spec   string
		output bool
		want   string // part of the error; "" for none
	}{
		{"null", false, ""},
		{"test:USB Headset", true, ""},
		{"test:usb", false, ""}, // part of a name
		{"file:" + wav, false, ""},
		{"file:" + filepath.Join(dir, "new.wav"), true, ""},
		{"test:Speaker 9000", true, `"test:USB Headset"`},
		{"file:" + filepath.Join(dir, "missing.wav"), false, "missing.wav"},
		{"file:" + filepath.Join(dir, "no", "out.wav"), true, "does not exist"},
		{"Built-in", false, `driver "portaudio" is not available`},
	} {
		err := d.Check(tc.spec, tc.output)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%q) = %v, want ok", tc.spec, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Check(%q) = %v, want an error saying %s", tc.spec, err, tc.want)
		case tc.want != "" && !errors.Is(err, audio.ErrNoDevice) && !errors.Is(err, audio.ErrUnreadableWAV):
			t.Errorf("Check(%q) = %v, want ErrNoDevice or ErrUnreadableWAV", tc.spec, err)
		}
	}
}
