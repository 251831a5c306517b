package audio

import (
	"errors"
	"math"
	"testing"
	"time"
)

// The room returns what its speaker played to its microphone exactly delay samples later at
// the configured gain, mixed with the near-end signal; a read waits for the speaker's frame
// at the same position while both sides are open.
func TestRoomEcho(t *testing.T) {
	const rate, frame = 8000, 160
	near := make([]int16, 4*frame)
	for i := range near {
		near[i] = 100
	}
	clock := newFakeClock()
	r := NewRoomDriver(RoomConfig{Delay: 25 * time.Millisecond, GainDB: -6, Near: near}, WithClock(clock), WithRate(rate))
	in, err := r.OpenInput("")
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.OpenOutput("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.OpenInput(""); !errors.Is(err, ErrNoDevice) {
		t.Errorf("a second input: %v, want ErrNoDevice", err)
	}
	const delay = 25 * rate / 1000
	gain := math.Pow(10, -6.0/20)
	played := make([]int16, frame)
	got := make([]int16, frame)
	read := make(chan error, 1)
	for f := 0; f < 6; f++ {
		go func() { read <- in.Read(got) }()
		select {
		case err := <-read:
			t.Fatalf("frame %d: read returned (%v) before the speaker played that frame", f, err)
		case <-time.After(20 * time.Millisecond):
		}
		for i := range played {
			played[i] = int16(1000 + f*frame + i)
		}
		if err := out.Write(played); err != nil {
			t.Fatal(err)
		}
		if err := <-read; err != nil {
			t.Fatal(err)
		}
		for i, v := range got {
			n := f*frame + i
			want := 0.0
			if n < len(near) {
				want = 100
			}
			if n >= delay {
				want += gain * float64(1000+n-delay)
			}
			if math.Abs(float64(v)-want) > 0.5 {
				t.Fatalf("captured sample %d = %d, want %.1f", n, v, want)
			}
		}
	}
	if want := 6 * 20 * time.Millisecond; clock.slept < want-time.Millisecond {
		t.Errorf("the speaker was paced for %v, want %v", clock.slept, want)
	}
	// Closing the speaker lets the microphone run alone; closing it makes a waiting read fail.
	out.Close()
	if err := in.Read(got); err != nil {
		t.Errorf("read with the speaker closed: %v", err)
	}
	in.Close()
	if err := in.Read(got); !errors.Is(err, ErrClosed) {
		t.Errorf("read after close: %v, want ErrClosed", err)
	}
}

// A read that waits for the speaker ends with ErrClosed when the microphone is closed.
func TestRoomCloseUnblocks(t *testing.T) {
	r := NewRoomDriver(RoomConfig{Delay: 10 * time.Millisecond}, WithClock(newFakeClock()))
	in, _ := r.OpenInput("")
	out, _ := r.OpenOutput("")
	defer out.Close()
	read := make(chan error, 1)
	go func() { read <- in.Read(make([]int16, 320)) }()
	in.Close()
	select {
	case err := <-read:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("read: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a waiting read did not end at Close")
	}
}

// With a lead the speaker may run that far ahead, and the microphone hears the sample played
// lead - delay later in the count.
func TestRoomLead(t *testing.T) {
	const rate, frame = 8000, 160
	r := NewRoomDriver(RoomConfig{Delay: 10 * time.Millisecond, Lead: 60 * time.Millisecond}, WithClock(newFakeClock()), WithRate(rate))
	in, _ := r.OpenInput("")
	out, _ := r.OpenOutput("")
	defer in.Close()
	defer out.Close()
	buf := make([]int16, frame)
	for f := 0; f < 4; f++ { // 80 ms ahead of a microphone that has heard nothing: no waiting
		for i := range buf {
			buf[i] = int16(f*frame + i)
		}
		if err := out.Write(buf); err != nil {
			t.Fatal(err)
		}
	}
	got := make([]int16, frame)
	if err := in.Read(got); err != nil {
		t.Fatal(err)
	}
	const shift = (60 - 10) * rate / 1000
	for i, v := range got {
		if want := int16(float64(i+shift)*1 + 0.5); v != want {
			t.Fatalf("captured sample %d = %d, want played sample %d", i, v, want)
		}
	}
}
