package sipua

import (
	"strings"
	"testing"

	"github.com/emiago/sipgo/sip"
)

// The realm parameter picks its realm's challenge among several, even a weaker one; with only
// an HA1 (the md5 parameter) an MD5 challenge is answered with that HA1 in place of the
// password's.
func TestAuthorizeRealmAndHA1(t *testing.T) {
	res := sip.NewResponse(401, "Unauthorized")
	res.AppendHeader(sip.NewHeader("WWW-Authenticate", `Digest realm="a.example", nonce="n1", algorithm=SHA-256`))
	res.AppendHeader(sip.NewHeader("WWW-Authenticate", `Digest realm="b.example", nonce="n2", algorithm=MD5`))
	tests := []struct {
		cred Credentials
		want string // in the Authorization header
		err  string
	}{
		{Credentials{Username: "u", Password: "p"}, `realm="a.example"`, ""},
		{Credentials{Username: "u", Password: "p", Realm: "b.example"}, `realm="b.example"`, ""},
		{Credentials{Username: "u", HA1: "0123456789abcdef0123456789abcdef", Realm: "b.example"}, `realm="b.example"`, ""},
		{Credentials{Username: "u", HA1: "0123456789abcdef0123456789abcdef", Realm: "a.example"}, "", `no MD5 digest challenge for realm "a.example"`},
		{Credentials{Username: "u", HA1: "0123456789abcdef0123456789abcdef", Realm: "c.example"}, "", `made for realm "c.example"`},
	}
	for _, tt := range tests {
		req := sip.NewRequest(sip.REGISTER, sip.Uri{Scheme: "sip", Host: "b.example"})
		err := Authorize(req, res, tt.cred)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%+v: err %v, want %q", tt.cred, err, tt.err)
			}
			continue
		}
		h := req.GetHeader("Authorization")
		if err != nil || h == nil || !strings.Contains(h.Value(), tt.want) {
			t.Errorf("%+v: Authorization %v, err %v; want %s", tt.cred, h, err, tt.want)
		}
	}
}
