package media

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"softphone/phone/params"
)

// TestRegistryPayloadTypes: static payload types are kept, dynamic ones are
// assigned from 96 in registration order, skipping any a codec holds
// statically, and Ordered keeps them.
func TestRegistryPayloadTypes(t *testing.T) {
	reg := DefaultRegistry()
	for name, want := range map[string]uint8{"PCMU": 0, "PCMA": 8, "G722": 9, "opus": 96} {
		if pt, ok := reg.PayloadType(name); !ok || pt != want {
			t.Errorf("%s: payload type %d %v, want %d", name, pt, ok, want)
		}
	}
	two := NewRegistry(Opus{}, static96{}, l16Wide{}, PCMU{})
	for name, want := range map[string]uint8{"opus": 97, "X96": 96, "L16": 98, "PCMU": 0} {
		if pt, _ := two.PayloadType(name); pt != want {
			t.Errorf("%s: payload type %d, want %d", name, pt, want)
		}
	}
	sub, err := two.Ordered([]string{"l16", "OPUS"})
	if err != nil {
		t.Fatal(err)
	}
	if pt, _ := sub.PayloadType("L16"); pt != 98 {
		t.Errorf("Ordered changed L16's payload type to %d, want 98", pt)
	}
	if got := sub.Names(); !slices.Equal(got, []string{"L16", "OPUS"}) {
		t.Errorf("Ordered names %v, want [L16 OPUS]", got)
	}
}

// static96 is a fake codec holding 96 statically.
type static96 struct{ l16Wide }

func (static96) Name() string       { return "X96" }
func (static96) PayloadType() uint8 { return 96 }

// TestRegistryUnknownName: an unknown name is an error naming it and the known ones.
func TestRegistryUnknownName(t *testing.T) {
	_, err := DefaultRegistry().Ordered([]string{"G722", "G729"})
	if !errors.Is(err, ErrUnknownCodec) || !strings.Contains(err.Error(), `"G729"`) || !strings.Contains(err.Error(), "OPUS") {
		t.Fatalf("err = %v, want ErrUnknownCodec naming G729 and the known codecs", err)
	}
}

// TestRegistryMatchesParams: the codecs parameter's check and the Settings tab
// (params.KnownCodecs) know exactly the codecs DefaultRegistry has, in its order.
func TestRegistryMatchesParams(t *testing.T) {
	if got, want := DefaultRegistry().Names(), params.KnownCodecs(); !slices.Equal(got, want) {
		t.Fatalf("DefaultRegistry %v, params.KnownCodecs %v: register a codec in both", got, want)
	}
}

// TestCodecRates: each codec's audio rate, RTP clock and SDP channels.
func TestCodecRates(t *testing.T) {
	for _, tc := range []struct {
		c                    Codec
		rate, clock, channel int
	}{{PCMU{}, 8000, 8000, 1}, {PCMA{}, 8000, 8000, 1}, {G722{}, 16000, 8000, 1}, {Opus{}, 16000, 48000, 2}} {
		if tc.c.SampleRate() != tc.rate || tc.c.ClockRate() != tc.clock || tc.c.Channels() != tc.channel {
			t.Errorf("%s: %d Hz audio, %d Hz clock, %d channels; want %d, %d, %d", tc.c.Name(),
				tc.c.SampleRate(), tc.c.ClockRate(), tc.c.Channels(), tc.rate, tc.clock, tc.channel)
		}
	}
	if f := (Opus{}).Fmtp(); !strings.Contains(f, "useinbandfec=1") || !strings.Contains(f, "stereo=0") || !strings.Contains(f, "maxaveragebitrate=") {
		t.Errorf("opus fmtp %q", f)
	}
}

// tone16k is n samples of freq Hz at 16 kHz, amplitude amp, from sample k0.
func tone16k(k0, n int, freq, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(k0+i)/16000))
	}
	return out
}

// TestWidebandCoders: a 6 kHz tone survives G.722 and Opus encoding and
// decoding at 16 kHz (G.711 at 8 kHz cannot carry it).
func TestWidebandCoders(t *testing.T) {
	for _, c := range []Codec{G722{}, Opus{}} {
		t.Run(c.Name(), func(t *testing.T) {
			enc, dec := newEnc(t, c), newDec(t, c)
			var got []int16
			for f := range 50 {
				payload := encode(t, enc, nil, tone16k(f*320, 320, 6000, 8000))
				pcm := decode(t, dec, nil, payload)
				if len(pcm) != 320 {
					t.Fatalf("frame %d: %d samples, want 320", f, len(pcm))
				}
				got = append(got, pcm...)
			}
			tail := got[len(got)/2:]
			p6, p1 := tonePower(tail, 6000), tonePower(tail, 1000)
			if p6 < 1e6 || p6 < 100*p1 { // an 8000-amplitude sine gives ~1.6e7
				t.Errorf("6 kHz power %.3g (1 kHz %.3g): the tone did not survive", p6, p1)
			}
		})
	}
}

// TestOpusBadPacket: garbage and empty payloads are errors, the decoder
// stays usable, and concealment (PLC, or FEC from the next packet) gives a
// frame.
func TestOpusBadPacket(t *testing.T) {
	dec := newDec(t, Opus{})
	for _, bad := range [][]byte{nil, {0xff, 0xff, 0xff}, {0x0b}, make([]byte, 1500)} {
		if pcm, err := dec.Decode(nil, bad); err == nil && len(bad) < 1500 {
			t.Errorf("payload % x decoded to %d samples without error", bad, len(pcm))
		}
	}
	enc := newEnc(t, Opus{})
	good := encode(t, enc, nil, tone16k(0, 320, 440, 5000))
	if pcm := decode(t, dec, nil, good); len(pcm) != 320 {
		t.Fatalf("good packet after bad ones: %d samples", len(pcm))
	}
	c := dec.(Concealer)
	next := encode(t, enc, nil, tone16k(320, 320, 440, 5000))
	for _, n := range [][]byte{nil, next, {0xff, 0xff, 0xff}} {
		pcm, err := c.Conceal(nil, n)
		if n != nil && n[0] == 0xff {
			if err == nil && len(pcm) != 320 {
				t.Errorf("conceal with a bad next packet: %d samples", len(pcm))
			}
			continue
		}
		if err != nil || len(pcm) != 320 {
			t.Errorf("conceal (next %d bytes): %d samples, %v", len(n), len(pcm), err)
		}
	}
}

// TestSessionWideband sends a 1 kHz plus 6 kHz signal over loopback RTP with
// each codec: G.722 and Opus deliver the 6 kHz part at 16 kHz, PCMU (8 kHz)
// does not, so wideband audio never passes through 8 kHz.
func TestSessionWideband(t *testing.T) {
	for _, c := range []Codec{PCMU{}, G722{}, Opus{}} {
		t.Run(c.Name(), func(t *testing.T) {
			pt, _ := DefaultRegistry().PayloadType(c.Name())
			a, b := listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond}), listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond})
			if err := a.Start(c, pt, 0, b.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			if err := b.Start(c, pt, 0, a.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			var heard []int16
			buf := make([]int16, FrameSamples)
			for f := range 60 {
				frame := tone16k(f*FrameSamples, FrameSamples, 1000, 6000)
				for i, v := range tone16k(f*FrameSamples, FrameSamples, 6000, 6000) {
					frame[i] = frame[i]/2 + v/2
				}
				before := b.Stats().PacketsReceived
				if err := a.WriteFrame(frame); err != nil {
					t.Fatal(err)
				}
				eventually(t, "packet to arrive", func() bool { return b.Stats().PacketsReceived > before })
				b.ReadFrame(buf)
				heard = append(heard, buf...)
			}
			tail := heard[20*FrameSamples:]
			p1, p6 := tonePower(tail, 1000), tonePower(tail, 6000)
			t.Logf("%s: 1 kHz power %.3g, 6 kHz power %.3g", c.Name(), p1, p6)
			if p1 < 1e5 {
				t.Fatalf("the 1 kHz part is missing (power %.3g)", p1)
			}
			wide := p6 > p1/10
			if want := c.SampleRate() >= 16000; wide != want {
				t.Errorf("6 kHz present = %v (%.3g against 1 kHz %.3g), want %v", wide, p6, p1, want)
			}
		})
	}
}

// TestSessionOpusGarbage: Opus packets that do not decode, among good ones, are concealed
// and counted; playout goes on and nothing crashes.
func TestSessionOpusGarbage(t *testing.T) {
	a, b := listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond}), listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond})
	for _, s := range []struct{ from, to *Session }{{a, b}, {b, a}} {
		if err := s.from.Start(Opus{}, 96, 0, s.to.LocalAddr()); err != nil {
			t.Fatal(err)
		}
	}
	to := b.LocalAddr().AddrPort()
	buf := make([]int16, FrameSamples)
	var heard []int16
	for f := range 40 {
		before := b.Stats().PacketsReceived
		if f%4 == 2 { // every fourth packet is garbage
			a.txMu.Lock()
			ts := a.tx.ts
			a.tx.ts += a.tx.frameTS
			err := a.sendRTPLocked(to, 96, false, ts, []byte{0xff, 0xff, 0xff, 0x01})
			a.txMu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
		} else if err := a.WriteFrame(tone16k(f*FrameSamples, FrameSamples, 1000, 6000)); err != nil {
			t.Fatal(err)
		}
		eventually(t, "packet to arrive", func() bool { return b.Stats().PacketsReceived > before })
		b.ReadFrame(buf)
		heard = append(heard, buf...)
	}
	b.rxMu.Lock()
	bad := b.rx.badFrames
	b.rxMu.Unlock()
	if bad == 0 {
		t.Error("no payload counted as undecodable")
	}
	if p := tonePower(heard[10*FrameSamples:], 1000); p < 1e5 {
		t.Errorf("1 kHz power %.3g: playout did not go on around the bad packets", p)
	}
}

// FuzzOpusDecode: no payload crashes the Opus decoder or leaves it unusable.
func FuzzOpusDecode(f *testing.F) {
	enc, err := Opus{}.NewEncoder()
	if err != nil {
		f.Fatal(err)
	}
	good, _ := enc.Encode(nil, tone16k(0, 320, 440, 5000))
	for _, seed := range [][]byte{good, {}, {0xff, 0xff, 0xff, 0x01}, {0x0b}, {0xfc, 0xff, 0xfe}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		dec := newDec(t, Opus{})
		out, err := dec.Decode(make([]int16, 0, 2048), payload)
		if err == nil && len(out) > 48000*120/1000 {
			t.Fatalf("%d samples from %d bytes", len(out), len(payload))
		}
		if pcm := decode(t, dec, nil, good); len(pcm) != 320 {
			t.Fatalf("good packet after % x: %d samples", payload, len(pcm))
		}
	})
}

// TestOpusRemoteFmtp: the encoder follows the far end's maxaveragebitrate (never above
// ours) and sends in-band FEC only when asked (RFC 7587 6.1).
func TestOpusRemoteFmtp(t *testing.T) {
	tests := []struct {
		fmtp    string
		bitrate int
		fec     bool
	}{
		{"", opusBitrate, false},
		{"useinbandfec=1; maxaveragebitrate=12000", 12000, true},
		{"maxaveragebitrate=999999999;stereo=1;useinbandfec=0", opusBitrate, false},
		{"MaxAverageBitrate=64000;useinbandfec=1", opusBitrate, true},
		{"maxaveragebitrate=abc;useinbandfec=yes", opusBitrate, false},
	}
	for _, tc := range tests {
		o, ok := Opus{}.WithRemoteFmtp(tc.fmtp).(Opus)
		if !ok || o.bitrate != tc.bitrate || o.noFEC == tc.fec {
			t.Errorf("fmtp %q: %+v, want bitrate %d fec %v", tc.fmtp, o, tc.bitrate, tc.fec)
		}
	}
	avg := func(c Codec) float64 {
		enc := newEnc(t, c)
		n := 0
		for f := range 50 {
			n += len(encode(t, enc, nil, tone16k(f*320, 320, 700, 6000)))
		}
		return float64(n) / 50
	}
	low, full := avg(Opus{}.WithRemoteFmtp("maxaveragebitrate=12000")), avg(Opus{})
	t.Logf("mean packet %.0f bytes at 12 kbit/s, %.0f at %d", low, full, opusBitrate)
	if low >= full*0.6 {
		t.Errorf("maxaveragebitrate=12000 gives %.0f-byte packets, %d gives %.0f", low, opusBitrate, full)
	}
}
