package audio

import (
	"errors"
	"testing"
	"time"
)

func TestNullPacing(t *testing.T) {
	tests := []struct {
		name      string
		frames    int
		oversleep time.Duration
		stall     time.Duration // extra time spent by the caller after each frame
		want      time.Duration // elapsed time after the last frame
	}{
		{"exact clock", 50, 0, 0, time.Second},
		{"oversleeping clock does not drift", 50, 3 * time.Millisecond, 0, time.Second + 3*time.Millisecond},
		{"slow caller is not slowed further", 10, 0, 30 * time.Millisecond, 20*time.Millisecond + 10*30*time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			clk.oversleep = tc.oversleep
			in, err := NewNullDriver(WithClock(clk)).OpenInput("")
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			if in.Rate() != 16000 {
				t.Fatalf("rate %d, want 16000", in.Rate())
			}
			start := clk.Now()
			buf := make([]int16, 320)
			for i := range tc.frames {
				buf[0] = 99
				if err := in.Read(buf); err != nil {
					t.Fatal(err)
				}
				if buf[0] != 0 {
					t.Fatalf("frame %d not silent", i)
				}
				clk.advance(tc.stall)
			}
			if got := clk.elapsed(start); got != tc.want {
				t.Errorf("elapsed %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNullRebasesAfterLongStall(t *testing.T) {
	clk := newFakeClock()
	out, err := NewNullDriver(WithClock(clk), WithRate(8000)).OpenOutput("null")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]int16, 160)
	if err := out.Write(buf); err != nil {
		t.Fatal(err)
	}
	clk.advance(2 * time.Second) // far behind: the backlog is dropped, not burst out
	if err := out.Write(buf); err != nil {
		t.Fatal(err)
	}
	sleeps := clk.sleeps
	if err := out.Write(buf); err != nil {
		t.Fatal(err)
	}
	if clk.sleeps != sleeps+1 {
		t.Errorf("after a rebase the next frame must be paced again (sleeps %d -> %d)", sleeps, clk.sleeps)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Write(buf); !errors.Is(err, ErrClosed) {
		t.Errorf("write after close: %v, want ErrClosed", err)
	}
}

func TestPacerLongRunNoOverflow(t *testing.T) {
	p := newPacer(newFakeClock(), 48000)
	// 30 days of samples: the offset must stay exact.
	n := int64(30 * 24 * 3600 * 48000)
	if got, want := p.offset(n+24000), 30*24*time.Hour+500*time.Millisecond; got != want {
		t.Errorf("offset = %v, want %v", got, want)
	}
}
