package phone

import (
	"errors"
	"testing"
)

func TestResolveTarget(t *testing.T) {
	acct := account{server: "pbx.example.com:5070", user: "1000"}
	tests := []struct {
		in      string
		acct    account
		wantURI string
		via     bool
		echo    bool
		err     error
	}{
		{in: "1001", acct: acct, wantURI: "sip:1001@pbx.example.com:5070", via: true},
		{in: "+1 (555) 123-4567", acct: acct, wantURI: "sip:+15551234567@pbx.example.com:5070", via: true},
		{in: "sip:alice@10.0.0.5:5062", acct: acct, wantURI: "sip:alice@10.0.0.5:5062"},
		{in: "bob@127.0.0.1:5099", acct: account{}, wantURI: "sip:bob@127.0.0.1:5099"},
		{in: "sip:1002@pbx.example.com:5070", acct: acct, wantURI: "sip:1002@pbx.example.com:5070", via: true},
		{in: "sip:1002@pbx.example.com", acct: acct, wantURI: "sip:1002@pbx.example.com"},
		{in: "sip:1002@pbx.example.com", acct: account{server: "pbx.example.com"}, wantURI: "sip:1002@pbx.example.com", via: true},
		{in: "echo", acct: account{}, echo: true},
		{in: "ECHO", acct: acct, echo: true},
		{in: "", acct: acct, err: ErrInvalidNumber},
		{in: "12$4", acct: acct, err: ErrInvalidNumber},
		{in: "sip:@", acct: acct, err: ErrInvalidNumber},
		{in: "1001", acct: account{}, err: ErrNotConfigured},
		{in: "sips:a@b", acct: acct, err: ErrInvalidNumber}, // needs transport=tls
		{in: "sip:a@b;transport=tls", acct: acct, err: ErrInvalidNumber},
		{in: "sips:a@b", acct: account{server: "pbx.example.com", transport: "tls"}, wantURI: "sips:a@b"},
		{in: "sips:1002@pbx.example.com:5070", acct: account{server: "pbx.example.com:5070", transport: "tls"},
			wantURI: "sips:1002@pbx.example.com:5070", via: true},
		{in: "sip:1002@pbx.example.com;transport=tls", acct: account{server: "pbx.example.com", transport: "tls"},
			wantURI: "sip:1002@pbx.example.com;transport=tls", via: true},
		{in: "sip:1002@pbx.example.com:5061", acct: account{server: "pbx.example.com", transport: "tls"},
			wantURI: "sip:1002@pbx.example.com:5061", via: true},
	}
	for _, tt := range tests {
		got, err := resolveTarget(tt.in, tt.acct)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q: err = %v, want %v", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: unexpected error %v", tt.in, err)
			continue
		}
		if got.echo != tt.echo {
			t.Errorf("%q: echo = %v", tt.in, got.echo)
		}
		if tt.echo {
			continue
		}
		if s := got.uri.String(); s != tt.wantURI {
			t.Errorf("%q: uri = %q, want %q", tt.in, s, tt.wantURI)
		}
		if got.viaServer != tt.via {
			t.Errorf("%q: viaServer = %v, want %v", tt.in, got.viaServer, tt.via)
		}
	}
}
