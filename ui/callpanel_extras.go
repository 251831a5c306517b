package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// callExtras are the call panel's optional rows, as the seed's switches ask:
// displayvolumecontrols adds microphone and speaker volume sliders, displayaudiodevice the
// audio devices in use. Both are read when the window is built.
type callExtras struct {
	content fyne.CanvasObject // nil when neither switch is on
	mic     *widget.Slider    // nil without displayvolumecontrols
	speaker *widget.Slider
	devices *widget.Label // nil without displayaudiodevice
}

// newCallExtras builds the rows the parameters ask for.
func newCallExtras(vm *ViewModel) *callExtras {
	x := &callExtras{}
	box := container.NewVBox()
	if isTrue(vm.param("displayvolumecontrols")) {
		slider := func(dev control.VolumeDevice) *widget.Slider {
			s := widget.NewSlider(0, 100)
			s.Step = 1
			s.SetValue(startVolume(vm.param(volumeParams()[dev])))
			s.OnChangeEnded = func(v float64) { vm.SetVolumeAsync(dev, int(v+0.5), nil) }
			return s
		}
		x.mic, x.speaker = slider(control.VolumeMic), slider(control.VolumeSpeaker)
		box.Add(container.NewBorder(nil, nil, widget.NewLabel(lang.L("Microphone")), nil, x.mic))
		box.Add(container.NewBorder(nil, nil, widget.NewLabel(lang.L("Speaker")), nil, x.speaker))
	}
	if isTrue(vm.param("displayaudiodevice")) {
		name := func(param string) string {
			if v := vm.param(param); v != "" {
				return v
			}
			return lang.L("System default")
		}
		x.devices = widget.NewLabel(lang.L("Microphone") + ": " + name(paramAudioInput) + "\n" +
			lang.L("Speaker") + ": " + name(paramAudioOutput))
		x.devices.Truncation = fyne.TextTruncateEllipsis
		box.Add(x.devices)
	}
	if len(box.Objects) > 0 {
		x.content = box
	}
	return x
}

// isTrue reads a boolean parameter value as the phone stores it (true/false; 1/0 accepted).
func isTrue(v string) bool { return v == "true" || v == "1" }
