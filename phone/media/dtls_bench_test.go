package media

import (
	"syscall"
	"testing"
	"time"
)

// The CPU of a DTLS-SRTP call against an SDES call: after keying both run the same SRTP
// contexts per packet (BenchmarkSRTPProtectUnprotect), so the difference is the handshake.
// BenchmarkKeyedCall runs one call's worth of media each way (callFrames frames of 20 ms)
// between two sessions on loopback, keyed by SDES or by a DTLS handshake, and reports the
// process CPU per call from getrusage.
//
//	go test -run '^$' -bench 'BenchmarkKeyedCall|BenchmarkDTLSHandshake' -benchtime 20x ./phone/media/

// callFrames is the media of one benchmarked call: 10 s each way.
const callFrames = 500

// cpuTime is the process's user+system CPU so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// keyDTLS keys a and c by a DTLS-SRTP handshake (a the client).
func keyDTLS(b *testing.B, a, c *Session, ca, cc DTLSConfig) {
	done := make(chan error, 2)
	c.StartDTLS(cc, func(err error) { done <- err })
	a.StartDTLS(ca, func(err error) { done <- err })
	for range 2 {
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}

// runCall sends callFrames frames each way, in bursts small enough for the socket buffers,
// waiting after each until they arrived.
func runCall(b *testing.B, a, c *Session) {
	const burst = 25
	frame := sineFrames(1, 440, 8000)[0]
	baseA, baseC := a.Stats().PacketsReceived, c.Stats().PacketsReceived
	for sent := burst; sent <= callFrames; sent += burst {
		for range burst {
			if err := a.WriteFrame(frame); err != nil {
				b.Fatal(err)
			}
			if err := c.WriteFrame(frame); err != nil {
				b.Fatal(err)
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for a.Stats().PacketsReceived-baseA < uint64(sent) || c.Stats().PacketsReceived-baseC < uint64(sent) {
			if time.Now().After(deadline) {
				b.Fatalf("received %d and %d of %d packets", a.Stats().PacketsReceived-baseA, c.Stats().PacketsReceived-baseC, sent)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
}

func BenchmarkKeyedCall(b *testing.B) {
	certA, certC := dtlsCert(b), dtlsCert(b)
	for _, keying := range []string{"sdes", "dtls"} {
		b.Run(keying, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				start := cpuTime(b)
				a, c := pair(b, SessionConfig{})
				if keying == "sdes" {
					ka, kc := testKey(1), testKey(100)
					if err := a.SetSRTP(ka, kc); err != nil {
						b.Fatal(err)
					}
					if err := c.SetSRTP(kc, ka); err != nil {
						b.Fatal(err)
					}
				} else {
					keyDTLS(b, a, c, DTLSConfig{Certificate: certA, Client: true, VerifyPeer: expect(certC)},
						DTLSConfig{Certificate: certC, VerifyPeer: expect(certA)})
				}
				runCall(b, a, c)
				a.Close()
				c.Close()
				cpu += cpuTime(b) - start
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/call")
		})
	}
}

// BenchmarkDTLSHandshake is the cost of one DTLS-SRTP handshake (both ends in this
// process, so twice one side's work) including the key export.
func BenchmarkDTLSHandshake(b *testing.B) {
	certA, certC := dtlsCert(b), dtlsCert(b)
	var cpu time.Duration
	for b.Loop() {
		a, c := pair(b, SessionConfig{})
		start := cpuTime(b)
		keyDTLS(b, a, c, DTLSConfig{Certificate: certA, Client: true, VerifyPeer: expect(certC)},
			DTLSConfig{Certificate: certC, VerifyPeer: expect(certA)})
		cpu += cpuTime(b) - start
		a.Close()
		c.Close()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/handshake")
}
