package params

import (
	"errors"
	"strings"
	"testing"
)

// The voice processing switches: echo cancellation on by default, denoise and AGC off; a value
// that is not a switch is refused with an error naming the parameter and the value.
func TestVoiceSwitches(t *testing.T) {
	ps := Standard()
	for name, want := range map[string]bool{"aec": true, "denoise": false, "agc": false} {
		if got := ps.Bool(name); got != want {
			t.Errorf("%s defaults to %v, want %v", name, got, want)
		}
	}
	if err := ps.Set("aec", "0", Runtime); err != nil || ps.Bool("aec") {
		t.Fatalf("aec=0: %v, on %v", err, ps.Bool("aec"))
	}
	for _, bad := range []string{"2", "maybe", "-1"} {
		err := ps.Set("aec", bad, Runtime)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"aec"`) || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("aec=%s: error %v, want ErrInvalid naming aec and %q", bad, err, bad)
		}
	}
	if ps.Bool("aec") {
		t.Error("a refused value changed aec")
	}
}
