package ui

import (
	"errors"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"softphone/phone/control"
)

func TestSettingsControlsSetParameters(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		do     func(s *settingsTab)
		want   []string
	}{
		{"dtmf mode", nil, func(s *settingsTab) { s.dtmf.SetSelected("info") }, []string{"Set dtmfmode=info"}},
		{"auto answer", nil, func(s *settingsTab) { s.calls.autoAnswer.SetSelected("When the caller asks") },
			[]string{"Set autoanswer=2"}},
		{"dnd on", nil, func(s *settingsTab) { test.Tap(s.calls.dnd) }, []string{"Set dnd=true"}},
		{"dnd off", map[string]string{"dnd": "true"}, func(s *settingsTab) { test.Tap(s.calls.dnd) },
			[]string{"Set dnd=false"}},
		{"forward", nil, func(s *settingsTab) {
			test.Type(s.calls.forward, " 2000 ")
			test.Tap(s.calls.forwardSet)
		}, []string{"Set callforward=2000"}},
		{"forward mode", nil, func(s *settingsTab) { s.calls.forwardMode.SetSelected("noanswer") },
			[]string{"Set callforwardmode=noanswer"}},
		{"transport", nil, func(s *settingsTab) { s.net.transport.SetSelected("tcp") }, []string{"Set transport=tcp"}},
		{"local port", nil, func(s *settingsTab) {
			test.Type(s.net.localPort, "5070")
			s.net.localPort.OnSubmitted(s.net.localPort.Text)
		}, []string{"Set localport=5070"}},
		{"microphone", nil, func(s *settingsTab) { s.audio.input.SetSelected("USB Headset (default)") },
			[]string{"Set audioinput=portaudio:USB Headset"}},
		{"speaker none", nil, func(s *settingsTab) { s.audio.output.SetSelected("None") },
			[]string{"Set audiooutput=null"}},
		{"ringer", map[string]string{"ringdevice": "portaudio:Speakers"},
			func(s *settingsTab) { s.audio.ring.SetSelected("Same as speaker") }, []string{"Set ringdevice="}},
		{"codec untick", map[string]string{"codecs": "PCMU,PCMA"},
			func(s *settingsTab) { test.Tap(s.codecs.checks["PCMA"]) }, []string{"Set codecs=PCMU"}},
		{"codec tick", map[string]string{"codecs": "PCMU,PCMA"},
			func(s *settingsTab) { test.Tap(s.codecs.checks["OPUS"]) }, []string{"Set codecs=PCMU,PCMA,OPUS"}},
		{"codec move up", map[string]string{"codecs": "PCMU,G722"},
			func(s *settingsTab) { s.codecs.move("G722", -1) }, []string{"Set codecs=G722,PCMU"}},
		{"codec move past the end", map[string]string{"codecs": "PCMU"},
			func(s *settingsTab) { s.codecs.move("PCMU", -1) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDevicesHarness(t, tt.params)
			before := len(h.fake.commands())
			tt.do(h.w.settings)
			h.settle()
			got := h.fake.commands()[before:]
			if len(got) != len(tt.want) {
				t.Fatalf("commands = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("commands = %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestSettingsLoadsParameters(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{
		"dtmfmode": "both", "autoanswer": "1", "dnd": "true", "callforward": "3000",
		"callforwardmode": "busy", "transport": "tcp", "localport": "5062",
		"audioinput": "portaudio:USB Headset", "audiooutput": "file:/tmp/out.wav", "codecs": "OPUS,PCMU",
	})
	s := h.w.settings
	checks := []struct{ name, got, want string }{
		{"dtmf", s.dtmf.Selected, "both"},
		{"autoanswer", s.calls.autoAnswer.Selected, "Every call"},
		{"forward", s.calls.forward.Text, "3000"},
		{"forward mode", s.calls.forwardMode.Selected, "busy"},
		{"transport", s.net.transport.Selected, "tcp"},
		{"local port", s.net.localPort.Text, "5062"},
		{"input", s.audio.input.Selected, "USB Headset (default)"},
		{"output (a file device keeps its spec)", s.audio.output.Selected, "file:/tmp/out.wav"},
		{"ringer", s.audio.ring.Selected, "Same as speaker"},
		{"codecs", s.codecs.value(), "OPUS,PCMU"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !s.calls.dnd.Checked {
		t.Error("dnd not ticked")
	}
	if got := len(s.codecs.order); got != 4 {
		t.Errorf("codec rows = %v, want every known codec", s.codecs.order)
	}
	if got := h.fake.commands(); len(got) != 0 {
		t.Errorf("loading sent %q", got)
	}
}

func TestSettingsErrorShownInline(t *testing.T) {
	h, _ := newDevicesHarness(t, nil)
	h.fake.setErr["localport"] = errors.New("must be 0-65535")
	s := h.w.settings
	test.Type(s.net.localPort, "70000")
	test.Tap(s.net.portSet)
	h.settle()
	e := s.params["localport"].err
	if !e.Visible() || e.Text != "localport: must be 0-65535" {
		t.Fatalf("error = %q (visible %v), want localport: must be 0-65535", e.Text, e.Visible())
	}
	if s.params["transport"].err.Visible() {
		t.Fatal("another field shows an error")
	}
	delete(h.fake.setErr, "localport")
	s.net.localPort.SetText("5070")
	test.Tap(s.net.portSet)
	h.settle()
	if e.Visible() || e.Text != "" {
		t.Fatalf("error %q still shown after a good value", e.Text)
	}
}

func TestSettingsVolumes(t *testing.T) {
	tests := []struct {
		dev   control.VolumeDevice
		value float64
		want  string
	}{
		{control.VolumeMic, 80, "SetVolume 0 80"},
		{control.VolumeSpeaker, 0, "SetVolume 1 0"},
		{control.VolumeRing, 100, "SetVolume 2 100"},
	}
	for _, tt := range tests {
		h, _ := newDevicesHarness(t, nil)
		s := h.w.settings.audio.volumes[tt.dev]
		s.SetValue(tt.value) // fires OnChangeEnded, as a drag's end does
		h.settle()
		assertCommands(t, h.fake, tt.want)
	}

	h, _ := newDevicesHarness(t, nil)
	h.fake.cmdErr["SetVolume"] = errors.New("no such device")
	h.w.settings.audio.volumes[control.VolumeRing].OnChangeEnded(40)
	h.settle()
	if e := h.w.settings.audio.volumeErr; !e.Visible() || e.Text != "volume: no such device" {
		t.Fatalf("volume error = %q (visible %v)", e.Text, e.Visible())
	}
}

func TestSettingsEchoTest(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{"serveraddress": "pbx.local"})
	test.Tap(h.w.settings.audio.echo)
	h.settle()
	assertCommands(t, h.fake, "Call echo")
}

func TestLevelMetersPollOnlyWhileShown(t *testing.T) {
	h, dev := newDevicesHarness(t, map[string]string{"serveraddress": "pbx.local"})
	dev.mic, dev.spk = -30, -70
	if n := liveOf(h.timers, levelInterval); n != 0 {
		t.Fatalf("%d level polls armed before the tab is shown", n)
	}
	settings := h.w.tabs.Items[len(h.w.tabs.Items)-1]
	h.w.tabs.Select(settings)
	if n := liveOf(h.timers, levelInterval); n != 1 {
		t.Fatalf("%d level polls armed while shown, want 1", n)
	}
	h.timers.fire()
	h.settle()
	m := h.w.settings.audio.meters
	if dev.calls() != 1 || m.mic.Value != 0.5 || m.speaker.Value != 0 {
		t.Fatalf("after one poll: %d reads, mic %v speaker %v; want 1, 0.5, 0", dev.calls(), m.mic.Value, m.speaker.Value)
	}
	if n := liveOf(h.timers, levelInterval); n != 1 {
		t.Fatalf("%d polls armed after a reading, want the next one", n)
	}
	h.w.tabs.SelectIndex(0)
	if n := liveOf(h.timers, levelInterval); n != 0 || m.polling() {
		t.Fatalf("%d polls armed after leaving the tab", n)
	}
	if m.mic.Value != 0 {
		t.Fatalf("mic meter %v after leaving the tab, want 0", m.mic.Value)
	}
	h.timers.fire()
	h.settle()
	if dev.calls() != 1 {
		t.Fatalf("levels read %d times, want no reads while hidden", dev.calls())
	}
}

func TestLevelMetersWithoutDevices(t *testing.T) {
	h := newHarness(t, map[string]string{"serveraddress": "pbx.local"})
	h.w.tabs.Select(h.w.tabs.Items[len(h.w.tabs.Items)-1])
	if n := liveOf(h.timers, levelInterval); n != 0 {
		t.Fatalf("%d polls armed with no Devices to read", n)
	}
	if got := h.w.settings.audio.input.Options; len(got) != 2 || got[0] != "System default" || got[1] != "None" {
		t.Fatalf("input options = %q, want System default and None", got)
	}
}

func TestDNDShortcut(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{"serveraddress": "pbx.local"})
	h.w.win.Canvas().(fyne.Shortcutable).TypedShortcut(dndShortcut())
	h.settle()
	h.w.phone.entry.TypedShortcut(dndShortcut())
	h.settle()
	assertCommands(t, h.fake, "Set dnd=true", "Set dnd=false")
	if h.w.settings.calls.dnd.Checked {
		t.Fatal("dnd still ticked after two toggles")
	}
}

// The About card shows the provider's company, version and links only when their
// parameters are set, in the seed's names; a value that is not a link is left out.
func TestAboutSection(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{
		"brandname": "Acme Phone", "companyname": "Acme Ltd", "version": "7.1",
		"homepage": "https://acme.example", "supporturl": "https://help.acme.example/phone",
		"supportmail": "support@acme.example", "helpurl": "javascript:alert(1)",
		"accounturi": "https://my.acme.example", "licenseurl": "https://acme.example/eula",
		"extramenuurl": "https://acme.example/rates", "extramenuxt": "Rates",
	})
	a := h.w.settings.about
	if a.brand.Text != "Acme Phone" || a.company == nil || a.company.Text != "Acme Ltd" {
		t.Errorf("brand %q, company %v", a.brand.Text, a.company)
	}
	if a.version.Text != "Version 7.1" {
		t.Errorf("version = %q, want the version parameter's", a.version.Text)
	}
	want := [][2]string{
		{"Home page: https://acme.example", "https://acme.example"},
		{"Support: https://help.acme.example/phone", "https://help.acme.example/phone"},
		{"Support e-mail: support@acme.example", "mailto:support@acme.example"},
		{"My account: https://my.acme.example", "https://my.acme.example"},
		{"License agreement: https://acme.example/eula", "https://acme.example/eula"},
		{"Rates", "https://acme.example/rates"},
	}
	var got [][2]string
	for _, l := range a.links {
		got = append(got, [2]string{l.Text, l.URL.String()})
	}
	if !slices.Equal(got, want) {
		t.Fatalf("links = %q\nwant    %q (helpurl javascript: left out)", got, want)
	}
}

// Without branding parameters the About card holds no company and no links.
func TestAboutSectionUnbranded(t *testing.T) {
	h, _ := newDevicesHarness(t, map[string]string{"brandname": "Acme Phone"})
	a := h.w.settings.about
	if a.company != nil || len(a.links) != 0 {
		t.Fatalf("company %v, links %v: want none", a.company, a.links)
	}
}

func TestMeterValue(t *testing.T) {
	tests := []struct{ db, want float64 }{{-90, 0}, {-60, 0}, {-30, 0.5}, {0, 1}, {6, 1}}
	for _, tt := range tests {
		if got := meterValue(tt.db); got != tt.want {
			t.Errorf("meterValue(%v) = %v, want %v", tt.db, got, tt.want)
		}
	}
}
