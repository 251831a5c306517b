package media

import (
	"fmt"
	"time"
)

// EchoTest is a Stream for the built-in echo test: what is written goes
// through a real encoder, RTP over a loopback UDP session pair, a jitter
// buffer and a decoder, and is played back.
type EchoTest struct {
	tx, rx *Session
}

// NewEchoTest builds the loopback pair with the registry's preferred codec
// (PCMU when the registry has it).
func NewEchoTest(reg *Registry) (*EchoTest, error) {
	if reg == nil {
		reg = DefaultRegistry()
	}
	codec, ok := reg.Lookup("PCMU", 8000)
	if !ok {
		cs := reg.Codecs()
		if len(cs) == 0 {
			return nil, fmt.Errorf("%w: echo test needs one in the registry", ErrNoCodec)
		}
		codec = cs[0]
	}
	pt, _ := reg.PayloadType(codec.Name())
	cfg := SessionConfig{LocalIP: "127.0.0.1", JitterDelay: 60 * time.Millisecond, RTCPInterval: time.Hour}
	tx, err := Listen(cfg)
	if err != nil {
		return nil, fmt.Errorf("echo test: %w", err)
	}
	rx, err := Listen(cfg)
	if err != nil {
		tx.Close()
		return nil, fmt.Errorf("echo test: %w", err)
	}
	if err := tx.Start(codec, pt, 0, rx.LocalAddr()); err == nil {
		err = rx.Start(codec, pt, 0, tx.LocalAddr())
	}
	if err != nil {
		tx.Close()
		rx.Close()
		return nil, fmt.Errorf("echo test: %w", err)
	}
	tx.SetDirection(true, false)
	rx.SetDirection(false, true)
	return &EchoTest{tx: tx, rx: rx}, nil
}

// WriteFrame sends the local audio into the loop.
func (t *EchoTest) WriteFrame(pcm []int16) error { return t.tx.WriteFrame(pcm) }

// ReadFrame returns the looped-back audio.
func (t *EchoTest) ReadFrame(pcm []int16) { t.rx.ReadFrame(pcm) }

// Stats returns the receiving side's statistics.
func (t *EchoTest) Stats() SessionStats { return t.rx.Stats() }

// Close releases both sessions.
func (t *EchoTest) Close() error {
	t.tx.Close()
	return t.rx.Close()
}

// Both Session and EchoTest are Streams.
var (
	_ Stream = (*Session)(nil)
	_ Stream = (*EchoTest)(nil)
)
