package testpeer

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ErrNoAudioStats reports audio_debug output without the expected field
// (no call, or a baresip that prints something else).
var ErrNoAudioStats = errors.New("testpeer: no audio stream statistics")

// Hold puts baresip's current call on hold (re-INVITE with a=sendonly).
func (b *Baresip) Hold() error {
	_, err := b.Command("hold", "")
	return err
}

// Resume takes baresip's current call off hold (re-INVITE with a=sendrecv).
func (b *Baresip) Resume() error {
	_, err := b.Command("resume", "")
	return err
}

// Transfer sends a REFER for the current call to uri (a blind transfer).
func (b *Baresip) Transfer(uri string) error {
	_, err := b.Command("transfer", uri)
	return err
}

// SendDTMF sends digits (0-9 * # A-D) on the current call as RFC 4733
// telephone-events, one after the other.
func (b *Baresip) SendDTMF(digits string) error {
	for _, r := range digits {
		if !strings.ContainsRune("0123456789*#ABCD", r) {
			return fmt.Errorf("testpeer: SendDTMF %q: %q is not a DTMF digit", digits, r)
		}
	}
	_, err := b.Command("sndcode", digits)
	return err
}

// SetLine makes baresip's call on line n (1, 2, ...) the current call.
func (b *Baresip) SetLine(n int) error {
	_, err := b.Command("line", strconv.Itoa(n))
	return err
}

// WaitDTMF collects n digits baresip reports receiving (CALL_DTMF_START
// events, RFC 4733 or SIP INFO) and returns them in order, failing the test
// if they do not all arrive within timeout.
func (b *Baresip) WaitDTMF(t testing.TB, n int, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got strings.Builder
	for range n {
		ev, err := b.ctrl.wait("CALL_DTMF_START", true, time.Until(deadline))
		if err != nil {
			t.Fatalf("testpeer: baresip %s received DTMF %q, want %d digits: %v (log tail follows)",
				b.cfg.User, got.String(), n, err)
		}
		got.WriteString(ev.Param)
	}
	return got.String()
}

// RearmLoopback reconnects a Loopback peer's player to its source. baresip
// 1.0 restarts its player (and drops it from the aubridge loop, and drops
// its "dec" recorder) whenever an SDP exchange leaves the call other than
// sendrecv, i.e. on hold; after that nothing reaches the "enc" recording
// until RearmLoopback moves both ends onto a fresh aubridge device.
func (b *Baresip) RearmLoopback() error {
	if !b.cfg.Loopback {
		return fmt.Errorf("testpeer: baresip %s: RearmLoopback needs BaresipConfig.Loopback", b.cfg.User)
	}
	b.loopGen++
	dev := "aubridge," + loopDevice + "-" + strconv.Itoa(b.loopGen)
	if _, err := b.Command("ausrc", dev); err != nil {
		return err
	}
	_, err := b.Command("auplay", dev)
	return err
}

var (
	audioDirRE = regexp.MustCompile(`(?m)^\s*audio dir=(\w+)`)
	rcvdRE     = regexp.MustCompile(`\brcvd=(\d+)`)
)

// AudioStats is what baresip's audio_debug says about the current call.
type AudioStats struct {
	// Direction is the negotiated direction seen from baresip: sendrecv,
	// sendonly, recvonly or inactive.
	Direction string
	// PacketsReceived counts the RTP packets received from the far end.
	PacketsReceived int
}

// ParseAudioDebug reads the direction and received packet count from the
// output of baresip's audio_debug command.
func ParseAudioDebug(out string) (AudioStats, error) {
	var s AudioStats
	m := audioDirRE.FindStringSubmatch(out)
	if m == nil {
		return s, fmt.Errorf("%w: no \"audio dir=\" in audio_debug output %q", ErrNoAudioStats, out)
	}
	s.Direction = m[1]
	for _, r := range rcvdRE.FindAllStringSubmatch(out, -1) {
		n, err := strconv.Atoi(r[1])
		if err != nil {
			return s, fmt.Errorf("%w: rcvd=%s: %w", ErrNoAudioStats, r[1], err)
		}
		s.PacketsReceived += n
	}
	return s, nil
}

// AudioStats asks baresip about the audio of its current call.
func (b *Baresip) AudioStats() (AudioStats, error) {
	out, err := b.Command("audio_debug", "")
	if err != nil {
		return AudioStats{}, err
	}
	return ParseAudioDebug(out)
}

// WaitAudioDirection polls AudioStats until the current call's direction is
// dir, failing the test after timeout.
func (b *Baresip) WaitAudioDirection(t testing.TB, dir string, timeout time.Duration) AudioStats {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s, err := b.AudioStats()
		if err == nil && s.Direction == dir {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: baresip %s audio direction %q (err %v) within %v, want %q (log tail follows)",
				b.cfg.User, s.Direction, err, timeout, dir)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// RecordedSeconds returns how much audio the current call's open recording
// of kind ("enc" or "dec") holds so far, 0 if none is open. sndfile writes
// in real time, so two readings mark where in the final WAV a moment lies.
func (b *Baresip) RecordedSeconds(kind string) float64 {
	return wavSecondsSoFar(openRecording(b.recordDir, kind))
}

// DrainEvents consumes and returns every not yet consumed event of type typ,
// without waiting: what arrived beyond what a test waited for.
func (b *Baresip) DrainEvents(typ string) []BaresipEvent {
	var out []BaresipEvent
	for {
		ev, ok, _, _ := b.ctrl.next(typ, true)
		if !ok {
			return out
		}
		out = append(out, ev)
	}
}

// LogLines returns the lines of baresip's log that contain substr, e.g.
// "received event" for the RFC 4733 events it decoded.
func (b *Baresip) LogLines(substr string) []string {
	var out []string
	for _, l := range strings.Split(fileTail(b.proc.logPath, 1<<30), "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return out
}
