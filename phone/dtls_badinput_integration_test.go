package phone_test

import (
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/pion/dtls/v3"

	"softphone/internal/testpeer"
	"softphone/phone/control"
	"softphone/phone/media"
	"softphone/phone/sdpneg"
)

// TestIntegrationDTLSBadFingerprint: a caller (sipp) offers DTLS-SRTP, and what is at its
// media address breaks the handshake: a DTLS endpoint (pion/dtls) presenting another
// certificate than the fingerprint the SDP names, or a socket that never answers. We
// answer (a=setup:active), end the call with a BYE and an error event naming the cause
// (both digests; the timeout), and stay registered. An offer without a fingerprint is
// refused with 488 and a Warning, and an event.
func TestIntegrationDTLSBadFingerprint(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	port := testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", users["1000"],
		"autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
	tp.waitReg(control.RegRegistered, regTimeout)
	announced := dtlsCertificate(t)
	fp := sdpneg.FingerprintOf(announced.Certificate[0]).String()
	for _, tc := range []struct {
		name  string
		media func(t *testing.T) int // starts what answers at the offer's media port
		cause []string               // the event names these
	}{
		{"another certificate", func(t *testing.T) int { return dtlsServer(t, dtlsCertificate(t)) },
			[]string{"does not match the sdp fingerprint", fp}},
		{"no answer", silentUDP, []string{"timed out"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp.drain()
			res := testpeer.RunSipp(t, testpeer.Scenario(t, "dtls_bad_fingerprint.xml"), fmt.Sprintf("127.0.0.1:%d", port),
				"-s", "me", "-key", "fp", strings.TrimPrefix(fp, "sha-256 "), "-key", "mport", strconv.Itoa(tc.media(t)))
			if res.ExitCode != 0 {
				t.Fatalf("sipp exit %d (want our 200 OK, then our BYE):\n%s", res.ExitCode, res.Errors)
			}
			if !strings.Contains(res.Logs, "a=setup:active") {
				t.Errorf("our answer's setup, as sipp logged it: %q, want a=setup:active", res.Logs)
			}
			ev := tp.next("error event naming the DTLS failure", callTimeout, func(ev control.Event) bool {
				return ev.Kind == control.KindError && strings.Contains(ev.Message, "DTLS-SRTP")
			})
			t.Logf("event: %s", ev.Notification)
			for _, c := range tc.cause {
				if !strings.Contains(ev.Message, c) {
					t.Errorf("event %q does not name %q", ev.Message, c)
				}
			}
			l := tp.waitLine(control.StateFinished, callTimeout)
			if l.Encrypted || !strings.Contains(l.Reason, "DTLS-SRTP failed") {
				t.Errorf("finished line %+v, want unencrypted with a DTLS-SRTP reason", l)
			}
			tp.waitLineGone(1, callTimeout)
		})
	}
	t.Run("no fingerprint", func(t *testing.T) {
		tp.drain()
		res := testpeer.RunSipp(t, testpeer.Scenario(t, "dtls_no_fingerprint.xml"), fmt.Sprintf("127.0.0.1:%d", port), "-s", "me")
		if res.ExitCode != 0 {
			t.Fatalf("sipp exit %d (want 488):\n%s", res.ExitCode, res.Errors)
		}
		if !strings.Contains(res.Logs, "306 ") || !strings.Contains(res.Logs, "fingerprint") {
			t.Errorf("488's Warning as sipp logged it: %q, want 306 naming the fingerprint", res.Logs)
		}
		ev := tp.next("event naming the refused offer", callTimeout, func(ev control.Event) bool {
			return strings.Contains(ev.Message, "fingerprint")
		})
		t.Logf("event: %s", ev.Notification)
	})
	if st := tp.status(); !st.Registered {
		t.Errorf("not registered after the failed calls: %+v", st)
	}
	if bs := k.Location(t, "1000"); len(bs) != 1 {
		t.Errorf("kamailio holds %d bindings for 1000 after the failed calls, want 1", len(bs))
	}
}

// dtlsServer runs a DTLS endpoint with cert on a loopback port until the test ends and
// returns the port.
func dtlsServer(t *testing.T, cert tls.Certificate) int {
	t.Helper()
	ln, err := dtls.Listen("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, &dtls.Config{
		Certificates:           []tls.Certificate{cert},
		SRTPProtectionProfiles: []dtls.SRTPProtectionProfile{dtls.SRTP_AES128_CM_HMAC_SHA1_80},
		ClientAuth:             dtls.RequireAnyClientCert,
		InsecureSkipVerify:     true, // why: a stand-in far end; our side is under test
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _ = c.(*dtls.Conn).Handshake(); c.Close() }()
		}
	}()
	return ln.Addr().(*net.UDPAddr).Port
}

// silentUDP binds a loopback UDP port that reads and never answers, until the test ends.
func silentUDP(t *testing.T) int {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := c.ReadFromUDP(buf); err != nil {
				return
			}
		}
	}()
	return c.LocalAddr().(*net.UDPAddr).Port
}

// dtlsCertificate makes a DTLS certificate the way the phone does.
func dtlsCertificate(t *testing.T) tls.Certificate {
	t.Helper()
	c, err := media.NewDTLSCertificate()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
