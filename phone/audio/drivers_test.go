package audio

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"softphone/phone/control"
)

// fakeDriver records which names it was asked to open.
type fakeDriver struct {
	name   string
	opened []string
}

func (f *fakeDriver) Name() string { return f.name }
func (f *fakeDriver) Inputs() ([]control.DeviceInfo, error) {
	return []control.DeviceInfo{{Driver: f.name, Name: "Mic", DefaultRate: 48000, Channels: 2, Default: true}}, nil
}
func (f *fakeDriver) Outputs() ([]control.DeviceInfo, error) {
	return nil, fmt.Errorf("%w: fake has no outputs", ErrNoDevice)
}
func (f *fakeDriver) OpenInput(name string) (Input, error) {
	f.opened = append(f.opened, "in:"+name)
	return NewNullDriver().OpenInput(name)
}
func (f *fakeDriver) OpenOutput(name string) (Output, error) {
	f.opened = append(f.opened, "out:"+name)
	return NewNullDriver().OpenOutput(name)
}

func TestSpecParsing(t *testing.T) {
	pa := &fakeDriver{name: "portaudio"}
	file := &fakeDriver{name: "file"}
	null := &fakeDriver{name: "null"}
	d := NewDrivers(file, null, pa)
	tests := []struct {
		spec   string
		driver *fakeDriver
		name   string
	}{
		{"", pa, ""},
		{"default", pa, ""},
		{" Default ", pa, ""},
		{"null", null, ""},
		{"NULL", null, ""},
		{"file:/tmp/in.wav", file, "/tmp/in.wav"},
		{"file:C:\\audio\\in.wav", file, "C:\\audio\\in.wav"},
		{"portaudio:USB Headset", pa, "USB Headset"},
		{"USB Headset", pa, "USB Headset"},
		{"HDA Intel PCH: ALC892 Analog (hw:0,0)", pa, "HDA Intel PCH: ALC892 Analog (hw:0,0)"},
		{"portaudio:default", pa, "default"},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			tc.driver.opened = nil
			in, err := d.OpenInput(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			in.Close()
			out, err := d.OpenOutput(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			out.Close()
			want := []string{"in:" + tc.name, "out:" + tc.name}
			if fmt.Sprint(tc.driver.opened) != fmt.Sprint(want) {
				t.Errorf("driver %s opened %v, want %v", tc.driver.name, tc.driver.opened, want)
			}
		})
	}
}

func TestDriversMissingDriver(t *testing.T) {
	d := NewDrivers(NewNullDriver(), nil)
	_, err := d.OpenInput("USB Headset")
	if !errors.Is(err, ErrNoDevice) || !strings.Contains(err.Error(), `"USB Headset"`) || !strings.Contains(err.Error(), "null") {
		t.Errorf("err = %v, want ErrNoDevice naming the spec and the registered drivers", err)
	}
	if _, err := d.OpenOutput("null"); err != nil {
		t.Errorf("null output: %v", err)
	}
}

func TestDriversList(t *testing.T) {
	d := NewDrivers(NewNullDriver(), &fakeDriver{name: "portaudio"})
	got := d.List()
	want := []control.DeviceInfo{
		{Driver: "null", Name: "null", DefaultRate: 16000, Channels: 1, Default: true},
		{Driver: "null", Name: "null", DefaultRate: 16000, Channels: 1, Default: true, Output: true},
		{Driver: "portaudio", Name: "Mic", DefaultRate: 48000, Channels: 2, Default: true},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("List() = %v, want %v", got, want)
	}
	if got[0].Spec() != "null" || got[2].Spec() != "portaudio:Mic" {
		t.Errorf("specs %q %q", got[0].Spec(), got[2].Spec())
	}
	if err := d.Close(); err != nil {
		t.Error(err)
	}
}

func TestDefaultDriversFileAndNullWork(t *testing.T) {
	d := DefaultDrivers(nil)
	for _, name := range []string{"file", "null", "portaudio"} {
		if d.Driver(name) == nil {
			t.Errorf("driver %s not registered", name)
		}
	}
	out, err := d.OpenOutput("file:" + t.TempDir() + "/x.wav")
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
