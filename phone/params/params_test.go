package params

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func allSources() []Source {
	return []Source{Skin, ConfigFile, Provisioning, Environment, CommandLine, URI, Runtime}
}

func TestSourceNames(t *testing.T) {
	want := []string{"default", "skin", "config", "provisioning", "environment", "command line", "uri", "runtime"}
	for i, w := range want {
		if got := Source(i).String(); got != w {
			t.Errorf("Source(%d) = %q, want %q", i, got, w)
		}
	}
}

func TestPrecedence(t *testing.T) {
	for _, low := range allSources() {
		for _, high := range allSources() {
			if low >= high {
				continue
			}
			t.Run(fmt.Sprintf("%s<%s", low, high), func(t *testing.T) {
				for _, highFirst := range []bool{false, true} {
					p := Standard()
					first, second := []any{"low.example", low}, []any{"high.example", high}
					if highFirst {
						first, second = second, first
					}
					for _, s := range [][]any{first, second} {
						if err := p.Set("serveraddress", s[0].(string), s[1].(Source)); err != nil {
							t.Fatal(err)
						}
					}
					if got, src := p.Get("serveraddress"), p.Source("serveraddress"); got != "high.example" || src != high {
						t.Fatalf("highFirst=%v: got %q from %s, want high.example from %s", highFirst, got, src, high)
					}
					if err := p.Clear("serveraddress", high); err != nil {
						t.Fatal(err)
					}
					if got, src := p.Get("serveraddress"), p.Source("serveraddress"); got != "low.example" || src != low {
						t.Fatalf("after clearing %s: got %q from %s, want the kept low.example from %s", high, got, src, low)
					}
				}
			})
		}
	}
}

func TestDefaultsAndTypedGetters(t *testing.T) {
	p := Standard()
	tests := []struct {
		name string
		want string
	}{
		{"register", "1"}, {"transport", "udp"}, {"registerexpires", "300"}, {"loglevel", "1"},
		{"codecs", "PCMU,PCMA"}, {"dtmfmode", "rfc4733"}, {"allowdirectcalls", "false"},
		{"rtptimeout", "30"}, {"ringtimeout", "90"}, {"jitterdelay", "60"}, {"brandname", "Softphone"},
		{"skin", "default"}, {"lines", "4"}, {"useragent", "Softphone"}, {"serveraddress", ""}, {"nosuch", ""},
	}
	for _, tc := range tests {
		if got := p.Get(tc.name); got != tc.want {
			t.Errorf("Get(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if p.Source(tc.name) != Default {
			t.Errorf("Source(%q) = %s, want default", tc.name, p.Source(tc.name))
		}
	}
	if p.Int("lines") != 4 || p.Bool("autoanswer") || p.Int("username") != 0 {
		t.Errorf("Int(lines)=%d Bool(autoanswer)=%v Int(username)=%d", p.Int("lines"), p.Bool("autoanswer"), p.Int("username"))
	}
	if d := p.Duration("registerexpires"); d != 300*time.Second {
		t.Errorf("Duration(registerexpires) = %v", d)
	}
	if d := p.Duration("jitterdelay"); d != 60*time.Millisecond {
		t.Errorf("Duration(jitterdelay) = %v", d)
	}
	if d := p.Duration("lines"); d != 0 {
		t.Errorf("Duration(lines) = %v, want 0 (no unit)", d)
	}
	if len(p.Defs()) != len(StandardDefs()) || p.Defs()[0].Name != "serveraddress" {
		t.Errorf("Defs() = %d defs, first %q", len(p.Defs()), p.Defs()[0].Name)
	}
	if snap := p.Snapshot(); snap["register"] != "1" || len(snap) != len(StandardDefs()) {
		t.Errorf("Snapshot = %v", snap)
	}
}

func TestSetBySourceDefault(t *testing.T) {
	err := Standard().Set("loglevel", "3", Default)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}
