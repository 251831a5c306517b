package phone

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

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
	name := fmt.Sprintf("%s_%s_%s.wav", time.Now().Format("20060102-150405"),
		unsafeName.ReplaceAllString(c.peer, "_"), unsafeName.ReplaceAllString(id, "_"))
	return filepath.Join(dir, name), nil
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
	c.recorder = rec
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
