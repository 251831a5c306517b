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

// TestIntegrationDTLSBadFingerprint: a caller (sipp) offers DTLS-SRTP naming one
// certificate's fingerprint while the DTLS endpoint at its media address (pion/dtls here)
// presents another. We answer, find the mismatch in the handshake, end the call with a
// BYE and an error event naming the cause, and stay registered.
func TestIntegrationDTLSBadFingerprint(t *testing.T) {
	k := testpeer.StartKamailio(t, users)
	announced, presented := dtlsCertificate(t), dtlsCertificate(t)
	ln, err := dtls.Listen("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, &dtls.Config{
		Certificates:           []tls.Certificate{presented},
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

	port := testpeer.FreePort(t, "udp")
	// why: sipp calls us directly (no registrar), so it needs our port in advance.
	tp := startPhone(t, kv("serveraddress", k.Addr, "username", "1000", "password", users["1000"],
		"autoanswer", "1", "allowdirectcalls", "1", "localport", strconv.Itoa(port)))
	tp.waitReg(control.RegRegistered, regTimeout)
	fp := sdpneg.FingerprintOf(announced.Certificate[0]).String()
	res := testpeer.RunSipp(t, testpeer.Scenario(t, "dtls_bad_fingerprint.xml"), fmt.Sprintf("127.0.0.1:%d", port),
		"-s", "me", "-key", "fp", strings.TrimPrefix(fp, "sha-256 "), "-key", "mport", strconv.Itoa(ln.Addr().(*net.UDPAddr).Port))
	if res.ExitCode != 0 {
		t.Fatalf("sipp exit %d (want our 200 OK, then our BYE):\n%s", res.ExitCode, res.Errors)
	}
	if !strings.Contains(res.Logs, "a=setup:active") {
		t.Errorf("our answer's setup, as sipp logged it: %q, want a=setup:active", res.Logs)
	}
	ev := tp.next("error event naming the fingerprint mismatch", callTimeout, func(ev control.Event) bool {
		return ev.Kind == control.KindError && strings.Contains(ev.Message, "DTLS-SRTP")
	})
	t.Logf("event: %s", ev.Notification)
	if !strings.Contains(ev.Message, "does not match the sdp fingerprint") || !strings.Contains(ev.Message, fp) {
		t.Errorf("event %q does not name the mismatch and the SDP's fingerprint %s", ev.Message, fp)
	}
	l := tp.waitLine(control.StateFinished, callTimeout)
	if l.Encrypted || !strings.Contains(l.Reason, "DTLS-SRTP failed") {
		t.Errorf("finished line %+v, want unencrypted with a DTLS-SRTP reason", l)
	}
	if st := tp.status(); !st.Registered {
		t.Errorf("not registered after the failed call: %+v", st)
	}
	if bs := k.Location(t, "1000"); len(bs) != 1 {
		t.Errorf("kamailio holds %d bindings for 1000 after the failed call, want 1", len(bs))
	}
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
