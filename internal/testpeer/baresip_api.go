package testpeer

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// recordingWait bounds how long Recordings waits for sndfile to close files.
const recordingWait = 10 * time.Second

// URI returns the peer's direct contact, sip:user@IP:port (IP is
// 127.0.0.1, or its Host's address).
func (b *Baresip) URI() string {
	return "sip:" + b.cfg.User + "@" + b.cfg.Host.ip() + ":" + strconv.Itoa(b.sipPort)
}

// SIPPort returns the port baresip listens on for SIP over UDP and TCP.
func (b *Baresip) SIPPort() int { return b.sipPort }

// AOR returns the peer's address of record at k, sip:user@k.Addr.
func (b *Baresip) AOR(k *Kamailio) string {
	return "sip:" + b.cfg.User + "@" + k.Addr
}

// Dial calls uri.
func (b *Baresip) Dial(uri string) error {
	_, err := b.Command("dial", uri)
	return err
}

// Answer accepts the current incoming call.
func (b *Baresip) Answer() error {
	_, err := b.Command("accept", "")
	return err
}

// Hangup ends the current call.
func (b *Baresip) Hangup() error {
	_, err := b.Command("hangup", "")
	return err
}

// Command runs any ctrl_tcp command (a baresip menu command such as
// "reginfo", "listcalls", "ausrc") and returns the response data.
func (b *Baresip) Command(cmd, params string) (string, error) {
	return b.ctrl.command(cmd, params, ctrlTimeout)
}

// WaitEvent returns the oldest not yet consumed event of type typ (e.g.
// "CALL_INCOMING", "CALL_RINGING", "CALL_ESTABLISHED", "CALL_CLOSED",
// "REGISTER_OK", "REGISTER_FAIL"), waiting up to timeout. Events are kept
// from start-up, so an event that already happened is not missed; each is
// returned once. It fails the test on timeout.
func (b *Baresip) WaitEvent(t testing.TB, typ string, timeout time.Duration) BaresipEvent {
	t.Helper()
	ev, err := b.ctrl.wait(typ, true, timeout)
	if err != nil {
		t.Fatalf("testpeer: baresip %s: %v (events so far: %v) (log tail follows)",
			b.cfg.User, err, b.ctrl.eventTypes())
	}
	return ev
}

// Events returns the types of all events seen so far, oldest first.
func (b *Baresip) Events() []string { return b.ctrl.eventTypes() }

// Recordings returns the sndfile WAVs of the last call: received is what
// baresip decoded from the far end (what the far end sent it), sent is what
// it encoded. It waits up to 10 s for baresip to close the files (after
// CALL_CLOSED) and returns "" for a file that did not appear or stayed open.
// sndfile names files by the second the call's audio started, so calls
// less than a second apart overwrite each other's files.
func (b *Baresip) Recordings() (received string, sent string) {
	deadline := time.Now().Add(recordingWait)
	for {
		received = latestRecording(b.recordDir, "dec")
		sent = latestRecording(b.recordDir, "enc")
		if recordingDone(received) && recordingDone(sent) {
			return received, sent
		}
		if time.Now().After(deadline) {
			if !recordingDone(received) {
				received = ""
			}
			if !recordingDone(sent) {
				sent = ""
			}
			return received, sent
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// RecordDir returns the directory sndfile writes into.
func (b *Baresip) RecordDir() string { return b.recordDir }

// latestRecording returns the newest dump-<time>-<kind>.wav in dir.
func latestRecording(dir, kind string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "dump-*-"+kind+".wav"))
	if len(matches) == 0 {
		return ""
	}
	sort.Slice(matches, func(i, j int) bool {
		return modTime(matches[i]).Before(modTime(matches[j])) ||
			(modTime(matches[i]).Equal(modTime(matches[j])) && matches[i] < matches[j])
	})
	return matches[len(matches)-1]
}

func modTime(p string) time.Time {
	fi, err := os.Stat(p)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// recordingDone reports whether path is a WAV whose header is final.
func recordingDone(path string) bool {
	if path == "" {
		return false
	}
	_, err := ReadWAV(path)
	return err == nil
}

// LogTail returns the last n lines of baresip's log.
func (b *Baresip) LogTail(n int) string { return b.proc.tail(n) }

// WaitReceived waits until the current call's recording of received audio
// (sndfile "dec", still open) holds at least d of audio, or fails the test
// after timeout. Use it instead of sleeping while audio flows; call it while
// the call is up (after CALL_ESTABLISHED).
func (b *Baresip) WaitReceived(t testing.TB, d, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := wavSecondsSoFar(openRecording(b.recordDir, "dec"))
		if got >= d.Seconds() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testpeer: baresip %s received %.2f s of audio within %v, want %v (log tail follows)",
				b.cfg.User, got, timeout, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openRecording returns the newest dump-*-<kind>.wav in dir that sndfile
// still has open (its header is not final), or "".
func openRecording(dir, kind string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "dump-*-"+kind+".wav"))
	var best string
	var bestTime time.Time
	for _, m := range matches {
		_, err := ReadWAV(m)
		if !errors.Is(err, ErrWAVIncomplete) {
			continue
		}
		if mt := modTime(m); best == "" || mt.After(bestTime) {
			best, bestTime = m, mt
		}
	}
	return best
}

// AllRecordings returns every closed sndfile WAV of kind ("dec" or "enc")
// in the record folder, oldest first: one per call, for a peer that took
// several calls (sndfile names them by the second the call's audio began).
func (b *Baresip) AllRecordings(kind string) []string {
	matches, _ := filepath.Glob(filepath.Join(b.recordDir, "dump-*-"+kind+".wav"))
	sort.Slice(matches, func(i, j int) bool { return matches[i] < matches[j] })
	var done []string
	for _, m := range matches {
		if recordingDone(m) {
			done = append(done, m)
		}
	}
	return done
}
