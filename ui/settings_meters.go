package ui

import (
	"time"

	"fyne.io/fyne/v2/widget"

	"softphone/phone/control"
)

// levelInterval is how often the level meters read the phone's levels while shown (5 Hz).
const levelInterval = 200 * time.Millisecond

// levelMeters are the microphone and speaker level bars. They poll Levels only while the
// Settings tab is shown: each reading arms the next, so hiding the tab stops the polling.
type levelMeters struct {
	mic     *widget.ProgressBar
	speaker *widget.ProgressBar
	vm      *ViewModel
	devices control.Devices

	// UI thread only:
	visible bool
	gen     uint64 // counts arms, so a reading from a cancelled poll is dropped
	cancel  func() // stops the armed poll; nil when none is armed
}

// newLevelMeters builds empty bars reading devices (nil: the bars stay empty).
func newLevelMeters(vm *ViewModel, devices control.Devices) *levelMeters {
	m := &levelMeters{mic: widget.NewProgressBar(), speaker: widget.NewProgressBar(), vm: vm, devices: devices}
	for _, b := range []*widget.ProgressBar{m.mic, m.speaker} {
		b.TextFormatter = func() string { return "" }
	}
	return m
}

// show starts polling when visible and stops it otherwise; UI thread only.
func (m *levelMeters) show(visible bool) {
	m.visible = visible
	switch {
	case visible && m.cancel == nil && m.devices != nil:
		m.arm()
	case !visible && m.cancel != nil:
		m.cancel()
		m.cancel = nil
		m.gen++
		m.mic.SetValue(0)
		m.speaker.SetValue(0)
	}
}

// polling reports whether a poll is armed; UI thread only.
func (m *levelMeters) polling() bool { return m.cancel != nil }

// arm schedules the next reading; UI thread only.
func (m *levelMeters) arm() {
	m.gen++
	gen := m.gen
	m.cancel = m.vm.after(levelInterval, func() {
		mic, speaker := m.devices.Levels()
		m.vm.dispatch(func() { m.reading(gen, mic, speaker) })
	})
}

// reading shows one reading and arms the next while the tab is shown; UI thread only.
func (m *levelMeters) reading(gen uint64, mic, speaker float64) {
	if gen != m.gen || !m.visible {
		return
	}
	m.mic.SetValue(meterValue(mic))
	m.speaker.SetValue(meterValue(speaker))
	m.arm()
}
