package media

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/pion/rtp"
)

// BenchmarkCapturePath: device 48 kHz -> 16 kHz -> 8 kHz -> PCMU -> RTP marshal, per 20 ms frame.
func BenchmarkCapturePath(b *testing.B) {
	dev := sineFrames(3, 1000, 8000) // 960 samples = one 48 kHz frame
	in := append(append(dev[0], dev[1]...), dev[2]...)
	toInternal, toCodec := NewResampler(48000, InternalRate), NewResampler(InternalRate, 8000)
	enc := newEnc(b, PCMU{})
	mid, pcm := make([]int16, 0, 400), make([]int16, 0, 200)
	payload, buf := make([]byte, 0, 200), make([]byte, 1500)
	h := rtp.Header{Version: 2, SSRC: 1234}
	b.ReportAllocs()
	for b.Loop() {
		mid = toInternal.Process(mid, in)
		pcm = toCodec.Process(pcm, mid)
		payload = encode(b, enc, payload, pcm)
		h.SequenceNumber++
		h.Timestamp += 160
		if _, err := rtp.MarshalPacketTo(buf, &h, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlaybackPath: RTP unmarshal -> jitter push/pop -> PCMU decode -> 8 kHz -> 16 kHz -> 48 kHz.
func BenchmarkPlaybackPath(b *testing.B) {
	h := rtp.Header{Version: 2, SSRC: 99}
	wire, _ := rtp.MarshalPacketTo(make([]byte, 1500), &h, make([]byte, 160))
	raw := make([]byte, 1500)
	rtp.MarshalPacketTo(raw, &h, encode(b, newEnc(b, PCMU{}), nil, sineFrames(1, 440, 8000)[0][:160]))
	raw = raw[:wire]
	jb := NewJitterBuffer(8000, 160, 60*time.Millisecond)
	dec := newDec(b, PCMU{})
	toInternal, toDevice := NewResampler(8000, InternalRate), NewResampler(InternalRate, 48000)
	pcm, mid, out := make([]int16, 0, 200), make([]int16, 0, 400), make([]int16, 0, 1000)
	var p rtp.Packet
	now := time.Unix(0, 0)
	seq := uint16(0)
	b.ReportAllocs()
	for b.Loop() {
		seq++
		binary.BigEndian.PutUint16(raw[2:], seq)
		binary.BigEndian.PutUint32(raw[4:], uint32(seq)*160)
		if err := p.Unmarshal(raw); err != nil {
			b.Fatal(err)
		}
		now = now.Add(FrameDuration)
		jb.Push(&p, now)
		payload, st := jb.Pop()
		if st == FrameOK {
			pcm = decode(b, dec, pcm, payload)
		} else {
			pcm = append(pcm[:0], make([]int16, 160)...)
		}
		mid = toInternal.Process(mid, pcm)
		out = toDevice.Process(out, mid)
	}
}

// BenchmarkResampler48to16 converts one 20 ms frame.
func BenchmarkResampler48to16(b *testing.B) {
	f := sineFrames(3, 1000, 8000)
	in := append(append(f[0], f[1]...), f[2]...)
	r := NewResampler(48000, InternalRate)
	out := make([]int16, 0, 400)
	b.ReportAllocs()
	for b.Loop() {
		out = r.Process(out, in)
	}
}

type nopStream struct{ v int16 }

func (s nopStream) ReadFrame(pcm []int16) {
	for i := range pcm {
		pcm[i] = s.v
	}
}
func (nopStream) WriteFrame([]int16) error { return nil }

// BenchmarkMix: one playback mix and one capture mix-minus with 3 streams and a tone.
func BenchmarkMix(b *testing.B) {
	e := NewEngine(EngineConfig{})
	e.Attach("a", nopStream{1000})
	e.Attach("b", nopStream{-2000})
	e.Attach("c", nopStream{30000})
	e.SetTone(nopStream{100})
	mic := sineFrames(1, 1000, 8000)[0]
	b.ReportAllocs()
	for b.Loop() {
		e.mixPlayback()
		e.captureFrame(mic)
	}
}
