package params

import (
	"errors"
	"testing"
)

func FuzzSet(f *testing.F) {
	for _, s := range []struct{ name, value string }{
		{"serveraddress", "[::1]:5060"}, {"register", "7"}, {"password", "encrypted__3__AAAA"},
		{"codecs", "pcmu,,opus"}, {"dtmfmode", "3"}, {"lines", "-1"}, {"autoanswer", "DEF"}, {"x", "NULL"},
	} {
		f.Add(s.name, s.value, uint8(Runtime))
	}
	f.Fuzz(func(t *testing.T, name, value string, src uint8) {
		p := Standard()
		err := p.Set(name, value, Source(src))
		if err == nil {
			if _, ok := p.Def(name); !ok {
				t.Fatalf("Set(%q) succeeded for an unknown name", name)
			}
			return
		}
		if !errors.Is(err, ErrUnknown) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrLocked) {
			t.Fatalf("error wraps no sentinel: %v", err)
		}
	})
}

func FuzzLoadTOML(f *testing.F) {
	f.Add("loglevel = 2\n[account]\nusername = \"1\"\n")
	f.Add("codecs = [\"pcmu\"]\n[[x]]\ny = 1\n")
	f.Fuzz(func(t *testing.T, text string) {
		path := writeFile(t, text)
		_ = Standard().LoadTOML(path, ConfigFile)
	})
}
