package params

import (
	"errors"
	"strings"
	"testing"
)

// The issue-10 signalling parameters: their defaults, and a bad value refused with an error
// naming the parameter and the value, the old value kept.
func TestNetworkParams(t *testing.T) {
	ps := Standard()
	for name, want := range map[string]string{"use_rport": "1", "udpconnect": "false", "enablefallback": "true", "natopenpackets": "3", "autotransportdetect": "false"} {
		if got := ps.Get(name); got != want {
			t.Errorf("%s defaults to %q, want %q", name, got, want)
		}
	}
	for _, ok := range [][2]string{{"use_rport", "9"}, {"use_rport", "0"}, {"natopenpackets", "10"}, {"natopenpackets", "0"},
		{"udpconnect", "1"}, {"enablefallback", "false"}} {
		if err := ps.Set(ok[0], ok[1], Runtime); err != nil {
			t.Errorf("%s=%s refused: %v", ok[0], ok[1], err)
		}
	}
	for _, bad := range [][2]string{{"use_rport", "4"}, {"use_rport", "yes"}, {"natopenpackets", "11"},
		{"natopenpackets", "-1"}, {"udpconnect", "maybe"}, {"enablefallback", "2"}} {
		before := ps.Get(bad[0])
		err := ps.Set(bad[0], bad[1], Runtime)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"`+bad[0]+`"`) || !strings.Contains(err.Error(), `"`+bad[1]+`"`) {
			t.Errorf("%s=%s: error %v, want ErrInvalid naming both", bad[0], bad[1], err)
		}
		if ps.Get(bad[0]) != before {
			t.Errorf("a refused %s=%s changed the value to %q", bad[0], bad[1], ps.Get(bad[0]))
		}
	}
}
