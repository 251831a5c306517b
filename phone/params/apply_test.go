package params

import (
	"errors"
	"strings"
	"testing"
)

func TestApplyEnv(t *testing.T) {
	p := Standard()
	err := p.ApplyEnv([]string{
		"HOME=/root", "SOFTPHONE_SERVERADDRESS=pbx.example", "softphone_loglevel=4",
		"SOFTPHONE_SIPPASSWORD=pw", "SOFTPHONE_NOPE=1", "SOFTPHONE_LINES=99", "SOFTPHONE_=x",
	})
	if p.Get("serveraddress") != "pbx.example" || p.Get("loglevel") != "4" || p.Get("password") != "pw" {
		t.Fatalf("snapshot %v", p.Snapshot())
	}
	if p.Source("serveraddress") != Environment {
		t.Fatalf("source %s", p.Source("serveraddress"))
	}
	if !errors.Is(err, ErrUnknown) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want unknown and invalid", err)
	}
	for _, w := range []string{`environment SOFTPHONE_NOPE: unknown parameter "nope"`,
		`environment SOFTPHONE_LINES: parameter "lines": value "99" is out of range 1-32`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("err = %q lacks %q", err, w)
		}
	}
}

func TestApplySet(t *testing.T) {
	tests := []struct {
		list    []string
		wantErr error
		check   map[string]string
	}{
		{[]string{"lines=2", "displayname=Katie = Front desk"}, nil, map[string]string{"lines": "2", "displayname": "Katie = Front desk"}},
		{[]string{"brandname="}, nil, map[string]string{"brandname": ""}},
		{[]string{"lines"}, ErrInvalid, map[string]string{"lines": "4"}},
		{[]string{"=3"}, ErrInvalid, nil},
		{[]string{"linez=3", "lines=3"}, ErrUnknown, map[string]string{"lines": "3"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.list, ","), func(t *testing.T) {
			p := Standard()
			err := p.ApplySet(tc.list, CommandLine)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			for k, v := range tc.check {
				if got := p.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
	err := Standard().ApplySet([]string{"lines"}, CommandLine)
	if err == nil || err.Error() != `set "lines": want name=value` {
		t.Fatalf("err = %v", err)
	}
}
