package phone

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"softphone/phone/control"
	"softphone/phone/media"
)

// unsafeName matches characters that do not belong in a file name.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._+-]+`)

// recordingPath names a call's recording: time, peer and call id, in recordpath.
func (p *Phone) recordingPath(c *call) (string, error) {
	dir := p.params.Get("recordpath")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("parameter recordpath is empty and there is no home folder: %w", err)
		}
		dir = filepath.Join(home, "Recordings", "Softphone")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("parameter recordpath=%q: %w", dir, err)
	}
	id := c.callID
	if len(id) > 16 {
		id = id[:16]
	}
	base := fmt.Sprintf("%s_%s_%s", time.Now().Format("20060102-150405"),
		unsafeName.ReplaceAllString(c.peer, "_"), unsafeName.ReplaceAllString(id, "_"))
	return freeName(dir, base, ".wav"), nil
}

// freeName returns dir/base+ext, or dir/base-N+ext with the lowest N from 2 when that file
// exists, so recording a call twice within a second keeps both files.
func freeName(dir, base, ext string) string {
	path := filepath.Join(dir, base+ext)
	for n := 2; ; n++ {
		if _, err := os.Lstat(path); err != nil {
			return path // free, or unreadable: creating it reports why
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, n, ext))
	}
}

// startRecording records a call to a WAV file (stereo: left local, right remote). Owner goroutine.
func (p *Phone) startRecording(c *call) error {
	if c.recorder != nil || c.ls == nil {
		return nil
	}
	path, err := p.recordingPath(c)
	if err != nil {
		return err
	}
	rec, err := media.NewRecorder(path, p.params.Get("recordformat") != "mono")
	if err != nil {
		return err
	}
	c.recorder, c.recorded = rec, path
	c.ls.SetRecorder(rec)
	p.log.Info("recording call", "line", c.line, "path", path)
	return nil
}

// stopRecording finishes a call's recording. Owner goroutine.
func (p *Phone) stopRecording(c *call) {
	if c.recorder == nil {
		return
	}
	if c.ls != nil {
		c.ls.SetRecorder(nil)
	}
	if err := c.recorder.Close(); err != nil {
		p.log.Warn("closing recording", "path", c.recorder.Path(), "error", err)
	}
}

// Record starts (on true) or stops (on false) recording the call on line (0: the current
// call) to a WAV file in recordpath, whatever the recordcalls parameter says. Starting a call
// already recorded, or stopping one that is not, does nothing. It fails with ErrNoLine when
// line has no call and ErrWrongState when its call is not connected.
func (p *Phone) Record(line int, on bool) error {
	var err error
	if !p.run(func() {
		var c *call
		if c, err = p.lineFor(line); err == nil {
			err = p.record(c, on)
		}
	}) {
		return ErrClosed
	}
	return err
}

// record applies Record to a call and publishes the line. Owner goroutine.
func (p *Phone) record(c *call, on bool) error {
	if c.state != control.StateInCall && c.state != control.StateHold {
		return fmt.Errorf("%w: line %d is %s; only a connected call can be recorded", ErrWrongState, c.line, c.state)
	}
	if c.ls == nil {
		return fmt.Errorf("%w: line %d has no audio yet", ErrWrongState, c.line)
	}
	if on == (c.recorder != nil) {
		return nil
	}
	if on {
		if err := p.startRecording(c); err != nil {
			return fmt.Errorf("line %d: cannot record the call: %w", c.line, err)
		}
	} else {
		p.stopRecording(c)
		c.recorder = nil
		p.log.Info("recording stopped", "line", c.line)
	}
	p.publishLine(c)
	return nil
}
