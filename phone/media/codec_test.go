package media

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestG711RoundTripSNR(t *testing.T) {
	for _, c := range []Codec{PCMU{}, PCMA{}} {
		for _, amp := range []float64{500, 4000, 20000} {
			pcm := make([]int16, 160)
			for i := range pcm {
				pcm[i] = int16(amp * math.Sin(2*math.Pi*1000*float64(i)/8000+0.3))
			}
			payload := encode(t, newEnc(t, c), nil, pcm)
			if len(payload) != 160 {
				t.Fatalf("%s: payload %d bytes, want 160", c.Name(), len(payload))
			}
			got := decode(t, newDec(t, c), nil, payload)
			var sig, noise float64
			for i := range pcm {
				sig += float64(pcm[i]) * float64(pcm[i])
				d := float64(pcm[i]) - float64(got[i])
				noise += d * d
			}
			if snr := 10 * math.Log10(sig/noise); snr < 30 {
				t.Errorf("%s amp %v: SNR %.1f dB, want > 30", c.Name(), amp, snr)
			}
		}
	}
}

func TestRegistry(t *testing.T) {
	reg := DefaultRegistry()
	tests := []struct {
		name   string
		lookup string
		rate   int
		want   string
	}{
		{"exact", "PCMU", 8000, "PCMU"},
		{"case-insensitive", "pcma", 8000, "PCMA"},
		{"any rate", "PcMu", 0, "PCMU"},
		{"wrong rate", "PCMU", 16000, ""},
		{"unknown", "G729", 8000, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := reg.Lookup(tc.lookup, tc.rate)
			if tc.want == "" {
				if ok {
					t.Fatalf("found %s, want none", c.Name())
				}
				return
			}
			if !ok || c.Name() != tc.want {
				t.Fatalf("got %v %v, want %s", c, ok, tc.want)
			}
		})
	}
	if names := codecNames(reg.Codecs()); names != "PCMU,PCMA,G722,opus" {
		t.Errorf("default order %s", names)
	}
}

func codecNames(cs []Codec) string {
	var n []string
	for _, c := range cs {
		n = append(n, c.Name())
	}
	return strings.Join(n, ",")
}

func TestRegistryOrdered(t *testing.T) {
	tests := []struct {
		names   []string
		want    string
		wantErr string
	}{
		{[]string{"pcma", "PCMU"}, "PCMA,PCMU", ""},
		{[]string{"PCMA"}, "PCMA", ""},
		{[]string{"PCMA", " pcma ", ""}, "PCMA", ""},
		{[]string{"OPUS", "g722", "PCMU"}, "opus,G722,PCMU", ""},
		{[]string{"PCMU", "GSM"}, "", `"GSM"`},
	}
	for _, tc := range tests {
		r, err := DefaultRegistry().Ordered(tc.names)
		if tc.wantErr != "" {
			if !errors.Is(err, ErrUnknownCodec) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: err %v, want one naming %s", tc.names, err, tc.wantErr)
			}
			continue
		}
		if err != nil || codecNames(r.Codecs()) != tc.want {
			t.Errorf("%v: got %v %v, want %s", tc.names, r, err, tc.want)
		}
	}
}

func TestDTMFEventCoding(t *testing.T) {
	tests := []struct {
		ev   DTMFEvent
		wire []byte
	}{
		{DTMFEvent{Digit: '1', Volume: 10, Duration: 160}, []byte{1, 10, 0, 160}},
		{DTMFEvent{Digit: '#', End: true, Volume: 10, Duration: 800}, []byte{11, 0x8a, 3, 32}},
		{DTMFEvent{Digit: 'D', Duration: 0xffff}, []byte{15, 0, 0xff, 0xff}},
	}
	for _, tc := range tests {
		b, err := AppendDTMFEvent(nil, tc.ev)
		if err != nil || string(b) != string(tc.wire) {
			t.Errorf("%+v: encoded %v %v, want %v", tc.ev, b, err, tc.wire)
		}
		ev, err := ParseDTMFEvent(tc.wire)
		if err != nil || ev != tc.ev {
			t.Errorf("%v: parsed %+v %v, want %+v", tc.wire, ev, err, tc.ev)
		}
	}
	if _, err := ParseDTMFEvent([]byte{1, 2}); err == nil {
		t.Error("short payload parsed")
	}
	if _, err := ParseDTMFEvent([]byte{16, 0, 0, 0}); !errors.Is(err, ErrBadDigit) {
		t.Errorf("event 16: %v, want ErrBadDigit", err)
	}
}

func FuzzParseDTMFEvent(f *testing.F) {
	f.Add([]byte{1, 10, 0, 160})
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseDTMFEvent(b)
		if err != nil {
			return
		}
		out, err := AppendDTMFEvent(nil, ev)
		want := []byte{b[0], b[1] &^ 0x40, b[2], b[3]} // the reserved bit is not kept
		if err != nil || string(out) != string(want) {
			t.Fatalf("round trip %v -> %+v -> %v (%v)", b[:4], ev, out, err)
		}
	})
}

func TestDTMFPackets(t *testing.T) {
	tests := []struct {
		name      string
		dur       time.Duration
		frameTS   uint32
		durations []uint16 // progress packets, then the end duration
	}{
		{"100 ms at 8 kHz", 100 * time.Millisecond, 160, []uint16{160, 320, 480, 640, 800}},
		{"50 ms rounds up", 50 * time.Millisecond, 160, []uint16{160, 320, 480}},
		{"too short clamps to 40 ms", time.Millisecond, 320, []uint16{320, 640}},
		{"long event saturates duration", 5 * time.Second, 960, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []dtmfPacket
			for p := range dtmfPackets('b', tt.dur, tt.frameTS) {
				got = append(got, p)
			}
			if tt.durations == nil { // 250 frames; 250*960 > 0xFFFF
				if n := len(got); n != 253 || got[n-1].event.Duration != 0xFFFF {
					t.Fatalf("%d packets, last duration %d", n, got[n-1].event.Duration)
				}
				return
			}
			steps := len(tt.durations)
			if len(got) != steps+3 {
				t.Fatalf("%d packets, want %d progress + 3 end", len(got), steps)
			}
			for i, p := range got {
				wantDur, end := tt.durations[min(i, steps-1)], i >= steps
				if p.event.Digit != 'B' || p.event.Duration != wantDur || p.event.End != end ||
					p.marker != (i == 0) || p.pace != (i > 0 && i < steps) || p.event.Volume != dtmfVolume {
					t.Errorf("packet %d = %+v", i, p)
				}
			}
		})
	}
}
