package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
	"softphone/phone/params"
)

// settingsTab is the Settings tab: audio devices with level meters and volumes, codec order,
// DTMF mode, call behaviour, network and About. Every change goes to the phone through
// SetParameter (or SetVolume) off the UI thread; a refusal shows under its control.
type settingsTab struct {
	content  fyne.CanvasObject
	vm       *ViewModel
	params   map[string]*paramControl // by parameter name
	relayout func()

	audio  *audioSettings
	codecs *codecList
	dtmf   *widget.Select
	calls  *callSettings
	net    *networkSettings
	about  *aboutSection
	// selfTest is the self-test card, nil when the controller has none.
	selfTest *selfTestSection
	live     liveSettings
}

// newSettingsTab builds the tab from the controller's current parameters; version is the
// application version shown in About.
func newSettingsTab(vm *ViewModel, version string) *settingsTab {
	t := &settingsTab{vm: vm, params: map[string]*paramControl{}}
	t.live.t = t
	devices, _ := vm.ctrl.(control.Devices)
	t.audio = newAudioSettings(t, devices)
	t.codecs = newCodecList(t)
	t.dtmf = t.newSelect(paramDTMFMode, dtmfModes())
	t.calls = newCallSettings(t)
	t.live.forwardAt = t.calls.forward.Text
	vm.onParam = t.live.changed
	t.net = newNetworkSettings(t)
	t.about = newAboutSection(vm, version)

	body := container.NewVBox(
		widget.NewCard(lang.L("Audio"), "", t.audio.content),
		widget.NewCard(lang.L("Codecs"), lang.L("Preference order; unticked codecs are not offered"), t.codecs.content),
		widget.NewCard(lang.L("DTMF"), "", t.form(formItem{lang.L("Mode"), t.dtmf, paramDTMFMode})),
		widget.NewCard(lang.L("Calls"), "", t.calls.content),
		widget.NewCard(lang.L("Network"), "", t.net.content),
		widget.NewCard(lang.L("About"), "", t.about.content),
	)
	if t.selfTest = newSelfTestSection(vm); t.selfTest != nil {
		body.Objects = append(body.Objects[:len(body.Objects)-1],
			widget.NewCard(lang.L("Self-test"), lang.L("Check the server, the network and the audio before a shift"), t.selfTest.content),
			body.Objects[len(body.Objects)-1])
	}
	scroll := container.NewVScroll(body)
	t.content = scroll
	t.relayout = relayout(nil, body, scroll)
	return t
}

// shown tells the tab whether it is on screen: the level meters poll, and the call behaviour
// and volumes follow the phone, only while it is. UI thread only.
func (t *settingsTab) shown(visible bool) {
	t.audio.meters.show(visible)
	t.live.show(visible)
}

// paramControl is what one Settings control sets: a parameter and the error label under it.
type paramControl struct {
	name string
	tab  *settingsTab
	err  *widget.Label
}

// param returns the control for parameter name, creating it on first use.
func (t *settingsTab) param(name string) *paramControl {
	if p, ok := t.params[name]; ok {
		return p
	}
	p := &paramControl{name: name, tab: t, err: newErrorLabel()}
	t.params[name] = p
	return p
}

// newErrorLabel is a hidden danger-coloured label for an inline error.
func newErrorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// set sends value to the phone and shows the outcome under the control.
func (p *paramControl) set(value string) {
	p.tab.live.touch()
	p.tab.vm.SetParameterAsync(p.name, value, p.show)
}

// show displays err under the control, or hides the label when err is nil. UI thread only.
func (p *paramControl) show(err error) {
	showError(p.err, err)
	if p.tab.relayout != nil {
		p.tab.relayout()
	}
}

// showError puts err in l and shows it, or clears and hides l when err is nil.
func showError(l *widget.Label, err error) {
	if err == nil {
		l.SetText("")
		l.Hide()
		return
	}
	l.SetText(err.Error())
	l.Show()
}

// formItem is one labelled row of a Settings form; param names the parameter whose error
// shows under the widget ("" for none).
type formItem struct {
	label  string
	widget fyne.CanvasObject
	param  string
}

// form lays items out as label | widget with its error label below.
func (t *settingsTab) form(items ...formItem) fyne.CanvasObject {
	f := container.New(layout.NewFormLayout())
	for _, it := range items {
		f.Add(widget.NewLabel(it.label))
		if it.param == "" {
			f.Add(it.widget)
			continue
		}
		cell := container.NewVBox(it.widget, t.param(it.param).err)
		if t.vm.locked(it.param) {
			cell.Add(lockControl(it.widget))
		}
		if hint := restartHint(it.param); hint != nil {
			cell.Add(hint)
		}
		f.Add(cell)
	}
	return f
}

// standardDefs are the phone's parameter definitions by name.
var standardDefs = sync.OnceValue(func() map[string]params.Def {
	m := map[string]params.Def{}
	for _, d := range params.StandardDefs() {
		m[d.Name] = d
	}
	return m
})

// restartHint is the hint shown under the control of a parameter the phone reads only at start
// (its definition says params.Restart), nil for every other parameter: a change is saved but
// takes effect after a restart.
func restartHint(name string) *widget.Label {
	if standardDefs()[name].Apply != params.Restart {
		return nil
	}
	l := widget.NewLabel(lang.L("Takes effect after a restart"))
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newSelect is a select over values, showing the parameter's current value, that sets the
// parameter when the user picks another.
func (t *settingsTab) newSelect(name string, values []string) *widget.Select {
	s := widget.NewSelect(values, nil)
	if cur := t.vm.param(name); cur != "" {
		s.SetSelected(cur)
	}
	p := t.param(name)
	s.OnChanged = p.set
	return s
}

// newChoiceSelect is a select over labelled choices that sets the parameter to the value of
// the choice picked.
func (t *settingsTab) newChoiceSelect(name string, choices []choice) *widget.Select {
	labels := make([]string, len(choices))
	cur := t.vm.param(name)
	s := widget.NewSelect(nil, nil)
	for i, c := range choices {
		labels[i] = c.label
	}
	s.Options = labels
	for _, c := range choices {
		if c.value == cur {
			s.SetSelected(c.label)
		}
	}
	p := t.param(name)
	s.OnChanged = func(label string) {
		for _, c := range choices {
			if c.label == label {
				p.set(c.value)
				return
			}
		}
	}
	return s
}
