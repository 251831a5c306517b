package ui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"
)

// paramPollInterval is how often the Settings tab re-reads the phone's call behaviour and
// volumes while it is shown.
const paramPollInterval = time.Second

// Volume parameters: the phone's current volumes in percent (50 = unity), which setvolume
// sets. The sliders start at them and follow them; a controller without them leaves the
// sliders where they are (at unity to begin with).
const (
	paramVolumeIn   = "volumein"
	paramVolumeOut  = "volumeout"
	paramVolumeRing = "volumering"
)

// volumeParams are the volume parameters by SetVolume device: mic, speaker, ring.
func volumeParams() [3]string { return [3]string{paramVolumeIn, paramVolumeOut, paramVolumeRing} }

// liveParams are the parameters the Settings tab keeps in step with the phone.
func liveParams() []string {
	v := volumeParams()
	return []string{paramAutoAnswer, paramDND, paramCallForward, paramCallForwardMode, v[0], v[1], v[2]}
}

// liveSettings keeps the call behaviour controls and the volume sliders in step with the
// phone when they change elsewhere (control API setparameter, the tray). The tab re-reads them
// on the worker when the phone reports a change (a parameter event), when it is selected and
// then every paramPollInterval while it stays shown (for a controller that reports no
// changes); the worker runs reads in order with
// the tab's own SetParameter calls, and a reading that started before a change made here is
// dropped, so it never undoes that change. UI thread only.
type liveSettings struct {
	t         *settingsTab
	gen       uint64 // bumped by every change made here and every read; older readings are dropped
	reading   bool   // a read waits on the worker: ticks add no other
	again     bool   // a change was reported while reading: read once more after it
	visible   bool
	cancel    func() // stops the armed tick; nil when none is armed
	forwardAt string // what the forward entry held when last loaded or set: unsaved typing differs
}

// changed re-reads the live parameters when the phone reports that one of them changed
// (a parameter event), shown or not, so the tray's DND tick follows at once too.
func (l *liveSettings) changed(name string) {
	if slices.Contains(liveParams(), name) {
		l.reload()
	}
}

// touch marks a change made on this screen, so readings already under way are dropped.
func (l *liveSettings) touch() { l.gen++ }

// show re-reads at once and starts ticking when visible; it stops ticking otherwise.
func (l *liveSettings) show(visible bool) {
	l.visible = visible
	if !visible {
		if l.cancel != nil {
			l.cancel()
			l.cancel = nil
		}
		return
	}
	l.reload()
	if l.cancel == nil {
		l.arm()
	}
}

// arm schedules the next tick.
func (l *liveSettings) arm() {
	vm := l.t.vm
	l.cancel = vm.after(paramPollInterval, func() { vm.dispatch(l.tick) })
}

// tick re-reads and arms the next tick while the tab is shown.
func (l *liveSettings) tick() {
	l.cancel = nil
	if !l.visible {
		return
	}
	l.reload()
	l.arm()
}

// reload reads the live parameters on the worker and applies them unless a change was made
// here meanwhile. Parameters that cannot be read are left out.
func (l *liveSettings) reload() {
	if l.reading {
		l.again = true // the read under way may have missed the latest change
		return
	}
	l.reading = true
	l.gen++
	gen, vm := l.gen, l.t.vm
	vm.work(func() {
		values := map[string]string{}
		for _, name := range liveParams() {
			if v, err := vm.ctrl.GetParameter(name); err == nil {
				values[name] = v
			}
		}
		vm.dispatch(func() {
			l.reading = false
			if gen == l.gen {
				l.apply(values)
			}
			if l.again {
				l.again = false
				l.reload()
			}
		})
	})
}

// apply shows values in the controls without sending them back to the phone.
func (l *liveSettings) apply(values map[string]string) {
	c := l.t.calls
	if v, ok := values[paramDND]; ok && parseFlag(v) != c.dnd.Checked {
		setCheckQuietly(c.dnd, parseFlag(v))
		if c.onDND != nil {
			c.onDND(c.dnd.Checked)
		}
	}
	if v, ok := values[paramAutoAnswer]; ok {
		for _, ch := range autoAnswerChoices() {
			if ch.value == v {
				setSelectQuietly(c.autoAnswer, ch.label)
			}
		}
	}
	if v, ok := values[paramCallForwardMode]; ok && v != "" {
		setSelectQuietly(c.forwardMode, v)
	}
	if v, ok := values[paramCallForward]; ok && c.forward.Text == l.forwardAt &&
		strings.TrimSpace(c.forward.Text) != v {
		c.forward.SetText(v)
		l.forwardAt = v
	}
	for dev, name := range volumeParams() {
		if vol, ok := parseVolume(values[name]); ok {
			setSliderQuietly(l.t.audio.volumes[dev], vol)
		}
	}
}

// parseVolume reads a volume parameter: a whole percent 0-100.
func parseVolume(s string) (float64, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 100 {
		return 0, false
	}
	return float64(n), true
}

// setCheckQuietly ticks or unticks c without calling its OnChanged.
func setCheckQuietly(c *widget.Check, on bool) {
	f := c.OnChanged
	c.OnChanged = nil
	c.SetChecked(on)
	c.OnChanged = f
}

// setSelectQuietly selects option of s (when s offers it) without calling its OnChanged.
func setSelectQuietly(s *widget.Select, option string) {
	if s.Selected == option {
		return
	}
	f := s.OnChanged
	s.OnChanged = nil
	s.SetSelected(option)
	s.OnChanged = f
}

// setSliderQuietly moves s to v without calling its OnChanged or OnChangeEnded.
func setSliderQuietly(s *widget.Slider, v float64) {
	if s.Value == v {
		return
	}
	f, g := s.OnChanged, s.OnChangeEnded
	s.OnChanged, s.OnChangeEnded = nil, nil
	s.SetValue(v)
	s.OnChanged, s.OnChangeEnded = f, g
}

// unityVolume is the slider position of a volume the phone leaves as it is.
const unityVolume = 50

// startVolume is where a volume slider starts: the phone's volume parameter value, or unity
// when the phone does not publish it.
func startVolume(param string) float64 {
	if v, ok := parseVolume(param); ok {
		return v
	}
	return unityVolume
}
