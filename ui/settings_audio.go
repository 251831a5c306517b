package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// audioSettings is the Audio card: device selects, level meters, the echo test and volumes.
type audioSettings struct {
	content   fyne.CanvasObject
	input     *widget.Select
	output    *widget.Select
	ring      *widget.Select
	meters    *levelMeters
	echo      *widget.Button
	volumes   [3]*widget.Slider // by SetVolume device: mic, speaker, ring
	volumeErr *widget.Label
}

// newAudioSettings builds the card; devices is nil when the controller lists none, and then
// only the built-in choices are offered and the meters stay empty.
func newAudioSettings(t *settingsTab, devices control.Devices) *audioSettings {
	var list []control.DeviceInfo
	if devices != nil {
		list = devices.AudioDevices()
	}
	a := &audioSettings{volumeErr: newErrorLabel()}
	a.input = t.newChoiceSelect(paramAudioInput,
		deviceChoices(list, false, choice{lang.L("System default"), ""}, t.vm.param(paramAudioInput)))
	a.output = t.newChoiceSelect(paramAudioOutput,
		deviceChoices(list, true, choice{lang.L("System default"), ""}, t.vm.param(paramAudioOutput)))
	a.ring = t.newChoiceSelect(paramRingDevice,
		deviceChoices(list, true, choice{lang.L("Same as speaker"), ""}, t.vm.param(paramRingDevice)))
	a.meters = newLevelMeters(t.vm, devices)
	a.echo = widget.NewButtonWithIcon(lang.L("Test with echo"), theme.MediaRecordIcon(), func() {
		if err := t.vm.Dial(control.EchoNumber); err != nil {
			t.vm.log.Info("echo test", "err", err)
		}
	})
	names := [3]string{lang.L("Microphone"), lang.L("Speaker"), lang.L("Ringer")}
	items := []formItem{
		{lang.L("Microphone"), a.input, paramAudioInput},
		{lang.L("Mic level"), a.meters.mic, ""},
		{lang.L("Speaker"), a.output, paramAudioOutput},
		{lang.L("Speaker level"), a.meters.speaker, ""},
		{lang.L("Ringer"), a.ring, paramRingDevice},
	}
	for dev := range a.volumes {
		s := widget.NewSlider(0, 100)
		s.Step = 1
		s.SetValue(startVolume(t.vm.param(volumeParams()[dev])))
		s.OnChangeEnded = func(v float64) {
			t.live.touch()
			t.vm.SetVolumeAsync(control.VolumeDevice(dev), int(v+0.5), func(err error) {
				showError(a.volumeErr, err)
				t.relayout()
			})
		}
		a.volumes[dev] = s
		items = append(items, formItem{lang.L("{{.Device}} volume", map[string]any{"Device": names[dev]}), s, ""})
	}
	a.content = container.NewVBox(t.form(items...), a.volumeErr, a.echo)
	return a
}

// deviceChoices lists the choices of a device select: first, then every device of the
// wanted direction (output or capture) by name, then None; cur is added when it is none of
// those (a file: device set elsewhere), so the select still shows it.
func deviceChoices(list []control.DeviceInfo, output bool, first choice, cur string) []choice {
	out := []choice{first}
	seenValue := map[string]bool{first.value: true}
	seenLabel := map[string]bool{first.label: true}
	add := func(c choice) {
		if seenValue[c.value] {
			return
		}
		if seenLabel[c.label] {
			c.label = c.value
		}
		seenValue[c.value], seenLabel[c.label] = true, true
		out = append(out, c)
	}
	for _, d := range list {
		if d.Output != output || d.Driver == control.NullDriverName {
			continue
		}
		label := d.Name
		if d.Default {
			label += " (" + lang.L("default") + ")"
		}
		add(choice{label, d.Spec()})
	}
	add(choice{lang.L("None"), control.NullDriverName})
	if cur != "" {
		add(choice{cur, cur})
	}
	return out
}
