package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
	"softphone/phone/params"
)

// Parameter names the Settings tab edits (the seed's names).
const (
	paramAudioInput      = "audioinput"
	paramAudioOutput     = "audiooutput"
	paramRingDevice      = "ringdevice"
	paramCodecs          = "codecs"
	paramDTMFMode        = "dtmfmode"
	paramAutoAnswer      = "autoanswer"
	paramDND             = "dnd"
	paramCallForward     = "callforward"
	paramCallForwardMode = "callforwardmode"
	paramLocalPort       = "localport"
	paramBrandName       = "brandname"
)

// knownCodecs lists the codecs the phone can offer, in default preference order (the
// phone's codec registry, as params.KnownCodecs holds it).
func knownCodecs() []string { return params.KnownCodecs() }

// dtmfModes lists the dtmfmode values.
func dtmfModes() []string { return []string{"rfc4733", "info", "both"} }

// forwardModes lists the callforwardmode values.
func forwardModes() []string { return []string{"always", "busy", "noanswer"} }

// choice is one option of a Settings select: what users read and the parameter value.
type choice struct{ label, value string }

// autoAnswerChoices lists the autoanswer options.
func autoAnswerChoices() []choice {
	return []choice{{lang.L("Off"), "0"}, {lang.L("Every call"), "1"}, {lang.L("When the caller asks"), "2"}}
}

// SetParameterAsync sets parameter name to value on the worker and calls done with the
// outcome on the UI thread; the error names the parameter. UI thread only.
func (v *ViewModel) SetParameterAsync(name, value string, done func(error)) {
	v.work(func() {
		err := v.ctrl.SetParameter(name, value)
		if err != nil {
			v.log.Info("set parameter", "name", name, "err", err)
			err = fmt.Errorf("%s: %w", name, err)
		}
		v.dispatch(func() {
			if done != nil {
				done(err)
			}
		})
	})
}

// SetVolumeAsync sets device dev to volume 0-100 on the worker and calls done with the
// outcome on the UI thread. UI thread only.
func (v *ViewModel) SetVolumeAsync(dev control.VolumeDevice, volume int, done func(error)) {
	v.work(func() {
		err := v.ctrl.SetVolume(dev, volume)
		if err != nil {
			v.log.Info("set volume", "dev", dev, "err", err)
			err = fmt.Errorf("volume: %w", err)
		}
		v.dispatch(func() {
			if done != nil {
				done(err)
			}
		})
	})
}

// parseCodecs splits a codecs parameter into upper-case names, dropping empty items.
func parseCodecs(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// parseFlag reads a boolean parameter value; anything unreadable is false.
func parseFlag(s string) bool {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	return err == nil && b
}

// meterFloor is the level, in dBFS, an empty level meter stands for.
const meterFloor = -60.0

// meterValue maps a level in dBFS to 0..1 for a meter: meterFloor and below (and NaN) is 0,
// 0 dBFS and above is 1.
func meterValue(db float64) float64 {
	switch {
	case math.IsNaN(db) || db <= meterFloor:
		return 0
	case db >= 0:
		return 1
	}
	return (db - meterFloor) / -meterFloor
}
