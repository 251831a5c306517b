package media

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// l16Wide is a fake 16 kHz-clock codec (linear PCM, big-endian) standing in
// for wideband codecs, so a leg runs at a rate other than PCMU's 8 kHz.
type l16Wide struct{}

func (l16Wide) Name() string                 { return "L16" }
func (l16Wide) SampleRate() int              { return 16000 }
func (l16Wide) ClockRate() int               { return 16000 }
func (l16Wide) Channels() int                { return 1 }
func (l16Wide) PayloadType() uint8           { return DynamicPayloadType }
func (l16Wide) Fmtp() string                 { return "" }
func (l16Wide) NewEncoder() (Encoder, error) { return l16Codec{}, nil }
func (l16Wide) NewDecoder() (Decoder, error) { return l16Codec{}, nil }

type l16Codec struct{}

func (l16Codec) Encode(dst []byte, pcm []int16) ([]byte, error) {
	dst = dst[:0]
	for _, v := range pcm {
		dst = binary.BigEndian.AppendUint16(dst, uint16(v))
	}
	return dst, nil
}

func (l16Codec) Decode(dst []int16, payload []byte) ([]int16, error) {
	dst = dst[:0]
	for i := 0; i+1 < len(payload); i += 2 {
		dst = append(dst, int16(binary.BigEndian.Uint16(payload[i:])))
	}
	return dst, nil
}

// tonePower is the Goertzel power of freq Hz in pcm (16 kHz), normalised by
// length so different spans compare.
func tonePower(pcm []int16, freq float64) float64 {
	coeff := 2 * math.Cos(2*math.Pi*freq/InternalRate)
	var s1, s2 float64
	for _, v := range pcm {
		s1, s2 = float64(v)+coeff*s1-s2, s1
	}
	return (s1*s1 + s2*s2 - coeff*s1*s2) / float64(len(pcm)*len(pcm))
}

// legPair is a conference leg (attached to the engine) and the far end it
// talks to over loopback RTP.
type legPair struct {
	leg, far *Session
	freq     float64 // what the far end says
	heard    []int16 // what the far end received
}

func newLegPair(t *testing.T, c Codec, pt uint8, freq float64) *legPair {
	t.Helper()
	leg, far := listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond}), listenLocal(t, SessionConfig{JitterDelay: 40 * time.Millisecond})
	if err := leg.Start(c, pt, 0, far.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	if err := far.Start(c, pt, 0, leg.LocalAddr()); err != nil {
		t.Fatal(err)
	}
	return &legPair{leg: leg, far: far, freq: freq}
}

// TestConferenceMixedClockRates joins an 8 kHz PCMU leg and a 16 kHz-clock
// leg: the local user hears both, and each far end hears the mic and the
// other far end, never itself.
func TestConferenceMixedClockRates(t *testing.T) {
	narrow := newLegPair(t, PCMU{}, 0, 440)
	wide := newLegPair(t, l16Wide{}, 96, 1900)
	legs := []*legPair{narrow, wide}
	in, out := newFakeInput(InternalRate), newFakeOutput(InternalRate)
	e := NewEngine(EngineConfig{Input: in, Output: out})
	e.Attach("narrow", NewLineStream(narrow.leg))
	e.Attach("wide", NewLineStream(wide.leg))
	e.Start()
	defer e.Close()

	const frames, settle = 120, 40
	const micFreq = 700
	talk := func(freq float64, f int) []int16 { return sineFrames(f+1, freq, 6000)[f] }
	var played []int16
	farBuf := make([]int16, FrameSamples)
	for f := range frames {
		for _, l := range legs { // the far ends talk; wait until the legs have it
			before := l.leg.Stats().PacketsReceived
			if err := l.far.WriteFrame(talk(l.freq, f)); err != nil {
				t.Fatal(err)
			}
			eventually(t, "far end to leg", func() bool { return l.leg.Stats().PacketsReceived > before })
		}
		played = append(played, out.next(t)...)
		sent := [2]uint64{narrow.far.Stats().PacketsReceived, wide.far.Stats().PacketsReceived}
		select {
		case in.feed <- talk(micFreq, f):
		case <-time.After(5 * time.Second):
			t.Fatal("capture not reading")
		}
		for i, l := range legs { // the legs send the mix-minus; the far ends play it
			eventually(t, "leg to far end", func() bool { return l.far.Stats().PacketsReceived > sent[i] })
			l.far.ReadFrame(farBuf)
			l.heard = append(l.heard, farBuf...)
		}
	}
	tail := func(pcm []int16) []int16 { return pcm[settle*FrameSamples:] }
	checkHears := func(who string, pcm []int16, present, absent []float64) {
		t.Helper()
		weakest := math.Inf(1)
		for _, f := range present {
			weakest = min(weakest, tonePower(tail(pcm), f))
		}
		if weakest < 1e5 { // a 6000-amplitude sine gives ~9e6
			t.Errorf("%s: a voice that should be heard is missing (power %.0f)", who, weakest)
		}
		for _, f := range absent {
			if p := tonePower(tail(pcm), f); p > weakest/100 {
				t.Errorf("%s hears %v Hz at %.0f, want < 1%% of %.0f", who, f, p, weakest)
			}
		}
	}
	checkHears("local speaker", played, []float64{narrow.freq, wide.freq}, []float64{micFreq})
	checkHears("8 kHz far end", narrow.heard, []float64{micFreq, wide.freq}, []float64{narrow.freq})
	checkHears("16 kHz far end", wide.heard, []float64{micFreq, narrow.freq}, []float64{wide.freq})
}
