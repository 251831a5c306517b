package control

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseDeviceList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string // part of the error; "" for none
	}{
		{"", nil, ""},
		{" USB Headset , default ,null", []string{"USB Headset", "default", "null"}, ""},
		{`"HDA Intel PCH: ALC892 Analog (hw:0,0)", file:/tmp/a.wav`, []string{"HDA Intel PCH: ALC892 Analog (hw:0,0)", "file:/tmp/a.wav"}, ""},
		{"a,,b", nil, "empty device"},
		{"a,", nil, "empty device"},
		{`"unclosed, b`, nil, "unclosed quote"},
		{`"a" b`, nil, "comma must follow"},
		{"file:", nil, `"file:" names no file`},
		{"USB,usb", nil, `"usb" is listed twice`},
		{"a,b,c,d,e,f,g,h,i", nil, "more than 8"},
	} {
		got, err := ParseDeviceList(tc.in)
		switch {
		case tc.err == "" && (err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want)):
			t.Errorf("ParseDeviceList(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrDeviceList)):
			t.Errorf("ParseDeviceList(%q) error %v, want one saying %q", tc.in, err, tc.err)
		}
	}
}

func TestDeviceLine(t *testing.T) {
	c := DeviceChange{Role: "audiooutput", Change: DeviceLost, Device: "portaudio:USB, Headset", Taken: "default", Reason: "unplugged"}
	if got, want := c.DeviceLine(), "EVENT,WARNING,audiooutput portaudio:USB  Headset lost (unplugged); now using default"; got != want {
		t.Errorf("DeviceLine() = %q, want %q", got, want)
	}
	c = DeviceChange{Role: "audioinput", Change: DeviceBack, Device: "test:A", Taken: "test:A"}
	if got := c.DeviceLine(); !strings.HasPrefix(got, "EVENT,EVENT,audioinput test:A is back") {
		t.Errorf("DeviceLine() = %q", got)
	}
}

// FuzzParseDeviceList: any text parses or fails without panicking, and a parsed list written
// back (quoting names with commas, as params stores it) parses to the same list.
func FuzzParseDeviceList(f *testing.F) {
	for _, s := range []string{"", "a,b", `"x,y",file:/a.wav`, `"`, ",,", "file:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := ParseDeviceList(s)
		if err != nil {
			return
		}
		quoted := make([]string, len(list))
		for i, d := range list {
			if strings.Contains(d, ",") {
				d = `"` + d + `"`
			}
			quoted[i] = d
		}
		again, err := ParseDeviceList(strings.Join(quoted, ","))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(list) {
			t.Fatalf("%q parsed to %q, written back parses to %q, %v", s, list, again, err)
		}
	})
}
