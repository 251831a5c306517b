package phone_test

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"softphone/internal/testpeer"
	"softphone/phone/control"
)

// ha1 is the seed's md5 parameter: the hex MD5 of username:realm:password.
func ha1(user, realm, password string) string {
	sum := md5.Sum([]byte(user + ":" + realm + ":" + password))
	return hex.EncodeToString(sum[:])
}

// TestIntegrationRegisterMD5: with md5 (an MD5 of user:realm:password) and realm in place of
// the password, the phone registers with Kamailio; a digest made for another realm, a wrong
// one, and a server offering only SHA-256 fail with a reason naming what is wrong.
func TestIntegrationRegisterMD5(t *testing.T) {
	t.Run("registers", func(t *testing.T) {
		k := testpeer.StartKamailio(t, users)
		tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000",
			"md5", ha1("1000", k.Domain, "secret1000"), "realm", k.Domain))
		reg := tp.waitReg(control.RegRegistered, regTimeout)
		if !reg.Registered {
			t.Fatalf("registration %+v", reg)
		}
		k.WaitRegistered(t, "1000", regTimeout)
	})
	tests := []struct {
		name, alg, md5, realm, reason string
	}{
		{"wrong digest", "MD5", ha1("1000", "", "secret1000"), "", "wrong username or password"},
		{"other realm", "MD5", ha1("1000", "pbx.example", "secret1000"), "pbx.example", `the md5 parameter was made for realm "pbx.example"`},
		{"SHA-256 only", "SHA-256", "", "", "the md5 parameter answers only MD5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := testpeer.StartKamailio(t, users, testpeer.WithChallengeAlgorithm(tt.alg))
			sum := tt.md5
			if sum == "" {
				sum = ha1("1000", k.Domain, "secret1000")
			}
			tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "md5", sum, "realm", tt.realm))
			reg := tp.waitReg(control.RegFailed, regTimeout)
			if !strings.Contains(reg.Reason, tt.reason) {
				t.Fatalf("reason %q, want it to say %q", reg.Reason, tt.reason)
			}
		})
	}
}

// TestIntegrationCallMD5: with md5 and realm in place of the password, a call through
// Kamailio (which challenges every INVITE of its local users with 407) answers the INVITE's
// challenge with the MD5 digest, is answered (200 OK) and carries speech both ways; the
// ACK carries the INVITE's credentials. A digest made for another password is refused with a
// reason naming the credentials.
func TestIntegrationCallMD5(t *testing.T) {
	t.Run("answered", func(t *testing.T) {
		ours, theirs := speechPair(t)
		k := testpeer.StartKamailio(t, users)
		b := testpeer.StartBaresip(t, testpeer.BaresipConfig{User: "1001", Password: "secret1001", Registrar: k.Addr,
			Source: theirs, AutoAnswer: true, SIPTrace: true})
		tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000",
			"md5", ha1("1000", k.Domain, "secret1000"), "realm", k.Domain, "audioinput", "file:"+ours))
		tp.waitReg(control.RegRegistered, regTimeout)
		tp.mustPost("call", `{"number":"1001"}`)
		l := tp.waitLine(control.StateInCall, callTimeout)
		if l.Peer != "1001" || l.Codec == "" {
			t.Fatalf("line %+v", l)
		}
		b.WaitEvent(t, "CALL_ESTABLISHED", callTimeout)
		// Kamailio consumes the INVITE's credentials but relays the ACK's as they are.
		b.WaitSIP(t, "ACK with the INVITE's credentials", callTimeout, func(m testpeer.SIPMessage) bool {
			return m.Received && m.Method == "ACK" && strings.Contains(m.Header("Proxy-Authorization"), `username="1000"`)
		})
		b.WaitReceived(t, 6*time.Second, 30*time.Second)
		tp.mustPost("hangup", `{}`)
		tp.waitLine(control.StateFinished, callTimeout)
		checkBothWays(t, tp, b, ours, theirs, " (md5)")
	})
	t.Run("wrong digest", func(t *testing.T) {
		k := testpeer.StartKamailio(t, users)
		tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "register", "0",
			"md5", ha1("1000", k.Domain, "not-the-password"), "realm", k.Domain))
		tp.mustPost("call", `{"number":"1001"}`)
		cdr := tp.waitCDR(callTimeout)
		if !strings.Contains(cdr.Reason, "wrong username or password") || !strings.Contains(cdr.Reason, "407") {
			t.Fatalf("CDR reason %q, want the rejected credentials and the 407", cdr.Reason)
		}
	})
}
