package testpeer

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// ErrNotSIPResponse reports bytes that do not start with a SIP status line.
var ErrNotSIPResponse = errors.New("testpeer: not a SIP response")

// ParseStatusLine returns the status code and reason phrase of a SIP
// response such as "SIP/2.0 200 OK\r\n...".
func ParseStatusLine(msg []byte) (code int, reason string, err error) {
	line, _, _ := strings.Cut(string(msg), "\n")
	line = strings.TrimRight(line, "\r")
	rest, ok := strings.CutPrefix(line, "SIP/2.0 ")
	if !ok {
		return 0, "", fmt.Errorf("%w: status line %q", ErrNotSIPResponse, truncate(line, 40))
	}
	codeStr, reason, _ := strings.Cut(rest, " ")
	code, err = strconv.Atoi(codeStr)
	if err != nil || len(codeStr) != 3 || code < 100 || code > 699 {
		return 0, "", fmt.Errorf("%w: status code %q", ErrNotSIPResponse, truncate(codeStr, 10))
	}
	return code, reason, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// randToken returns n random bytes in hex.
func randToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// optionsRequest builds an out-of-dialog OPTIONS for ruri ("sip:...") sent
// from local.
func optionsRequest(local, ruri string) []byte {
	return []byte("OPTIONS " + ruri + " SIP/2.0\r\n" +
		"Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + randToken(8) + ";rport\r\n" +
		"Max-Forwards: 70\r\n" +
		"From: <sip:probe@" + local + ">;tag=" + randToken(4) + "\r\n" +
		"To: <" + ruri + ">\r\n" +
		"Call-ID: " + randToken(12) + "@testpeer\r\n" +
		"CSeq: 1 OPTIONS\r\n" +
		"Accept: application/sdp\r\n" +
		"Content-Length: 0\r\n\r\n")
}

// PingSIP sends OPTIONS sip:addr over UDP to addr ("127.0.0.1:port") every
// 100 ms until any SIP response arrives or timeout passes, and returns its
// status code.
func PingSIP(addr string, timeout time.Duration) (int, error) {
	return pingSIPFrom(nil, addr, timeout)
}

func pingSIPFrom(h *Host, addr string, timeout time.Duration) (int, error) {
	resp, err := exchangeUDPFrom(h, addr, func(local string) []byte { return optionsRequest(local, "sip:"+addr) }, timeout)
	if err != nil {
		return 0, err
	}
	code, _, err := ParseStatusLine(resp)
	return code, err
}

// ExchangeUDP sends the request built by build (given the local
// "ip:port" to put in Via/From) to addr every 100 ms until a SIP
// response arrives or timeout passes, and returns the first response.
// Provisional (1xx) responses are skipped. The local address is 127.0.0.1
// for a loopback addr, otherwise the one the route to addr leaves from.
func ExchangeUDP(addr string, build func(local string) []byte, timeout time.Duration) ([]byte, error) {
	return exchangeUDPFrom(nil, addr, build, timeout)
}

func exchangeUDPFrom(h *Host, addr string, build func(local string) []byte, timeout time.Duration) ([]byte, error) {
	raddr, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return nil, fmt.Errorf("testpeer: exchange with %s: %w", addr, err)
	}
	var conn *net.UDPConn
	err = h.In(func() error {
		// The route to addr picks the local address (127.0.0.1 for a
		// loopback addr), as a real client would.
		probe, err := net.DialUDP("udp4", nil, raddr)
		if err != nil {
			return err
		}
		local := probe.LocalAddr().(*net.UDPAddr).IP
		probe.Close()
		conn, err = net.ListenUDP("udp4", &net.UDPAddr{IP: local})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("testpeer: exchange with %s: %w", addr, err)
	}
	defer conn.Close()
	req := build(conn.LocalAddr().String())
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 65535)
	lastErr := errors.New("no reply")
	for time.Now().Before(deadline) {
		if _, err := conn.WriteToUDP(req, raddr); err != nil {
			lastErr = err
		}
		_ = conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		n, _, err := conn.ReadFromUDP(buf)
		if err != nil {
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				lastErr = err
				time.Sleep(50 * time.Millisecond) // ICMP refused: port not bound yet
			}
			continue
		}
		code, _, err := ParseStatusLine(buf[:n])
		if err != nil {
			lastErr = err
			continue
		}
		if code < 200 {
			continue
		}
		return append([]byte(nil), buf[:n]...), nil
	}
	return nil, fmt.Errorf("testpeer: exchange with %s: no SIP reply within %v: %w", addr, timeout, lastErr)
}
