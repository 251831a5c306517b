package ui

import (
	"fmt"

	"softphone/phone/control"
)

// result records a call-control command and returns its configured error.
func (f *fakeController) result(name, format string, args ...any) error {
	entry := name
	if format != "" {
		entry += " " + fmt.Sprintf(format, args...)
	}
	f.record("%s", entry)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cmdErr[name]
}

func (f *fakeController) Hold(line int, hold bool) error {
	return f.result("Hold", "%d %t", line, hold)
}

func (f *fakeController) Mute(line int, mute bool, direction control.MuteDirection) error {
	return f.result("Mute", "%d %t %d", line, mute, direction)
}

func (f *fakeController) DTMF(line int, digits string) error {
	return f.result("DTMF", "%d %s", line, digits)
}

func (f *fakeController) Transfer(line int, number string) error {
	return f.result("Transfer", "%d %s", line, number)
}

func (f *fakeController) Conference(number string) error {
	return f.result("Conference", "%q", number)
}

func (f *fakeController) SetLine(line int) error {
	if err := f.result("SetLine", "%d", line); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.line = line
	return nil
}

func (f *fakeController) GetLine() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.line
}

func (f *fakeController) Redial() (int, error) {
	if err := f.result("Redial", ""); err != nil {
		return 0, err
	}
	return 3, nil
}

func (f *fakeController) SetVolume(dev control.VolumeDevice, volume int) error {
	return f.result("SetVolume", "%d %d", dev, volume)
}
