package api

import (
	"errors"
	"fmt"

	"softphone/phone/control"
)

// function runs one API function against the controller.
type function func(ctl Controller, a args) (any, error)

// functions are the POST /v1/<name> functions, named as in the seed's JavaScript API.
var functions = map[string]function{
	"register":   func(c Controller, _ args) (any, error) { return nil, c.Register() },
	"unregister": func(c Controller, _ args) (any, error) { return nil, c.Unregister() },
	"call": func(c Controller, a args) (any, error) {
		number, err := a.str("number")
		if err != nil {
			return nil, err
		}
		line, err := c.Call(number)
		if err != nil {
			return nil, err
		}
		return map[string]int{"line": line}, nil
	},
	"hangup": lineFunc(Controller.Hangup), // line -1: every call
	"start": func(c Controller, _ args) (any, error) {
		s, ok := c.(starter)
		if !ok {
			return nil, errNotAvailable("start")
		}
		return nil, s.StartEngine()
	},
	"delsettings": func(c Controller, a args) (any, error) {
		d, ok := c.(settingsDeleter)
		if !ok {
			return nil, errNotAvailable("delsettings")
		}
		confirm, err := a.boolean("confirm", false)
		if err != nil {
			return nil, err
		}
		if !confirm {
			return nil, errors.New(`delsettings deletes the saved settings, call history, contacts and chat: call it with "confirm": true`)
		}
		return nil, d.DeleteSettings()
	},
	"isencrypted": func(c Controller, _ args) (any, error) {
		e, ok := c.(encryptionReporter)
		if !ok {
			return nil, errNotAvailable("isencrypted")
		}
		return map[string]int{"encrypted": e.IsEncrypted()}, nil
	},
	"getsdp": func(c Controller, a args) (any, error) {
		r, ok := c.(sdpReporter)
		if !ok {
			return nil, errNotAvailable("getsdp")
		}
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		return r.SDP(line)
	},
	"accept": lineFunc(Controller.Accept),
	"reject": lineFunc(Controller.Reject),
	"setparameter": func(c Controller, a args) (any, error) {
		name, err := a.str("name")
		if err != nil {
			return nil, err
		}
		value, err := a.str("value")
		if err != nil {
			return nil, err
		}
		return nil, c.SetParameter(name, value)
	},
	"getparameter": func(c Controller, a args) (any, error) {
		name, err := a.str("name")
		if err != nil {
			return nil, err
		}
		value, err := c.GetParameter(name)
		if errors.Is(err, control.ErrUnknownParameter) {
			// The seed: "will return value of a parameter if exists, otherwise will return
			// empty string"; known=false and the reason tell a script what happened.
			return map[string]any{"name": name, "value": "", "known": false, "reason": err.Error()}, nil
		}
		if err != nil {
			return nil, err
		}
		return map[string]any{"name": name, "value": value, "known": true}, nil
	},
	"hold": func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		hold, err := a.boolean("hold", true)
		if err != nil {
			return nil, err
		}
		return nil, c.Hold(line, hold)
	},
	"record":      record,
	"audiodevice": audioDevice,
	"selftest":    selfTest,
	"mute": func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		mute, err := a.boolean("mute", true)
		if err != nil {
			return nil, err
		}
		dir, err := a.integer("direction", 0)
		if err != nil {
			return nil, err
		}
		return nil, c.Mute(line, mute, control.MuteDirection(dir))
	},
	"dtmf": func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		digits, err := a.str("digits")
		if err != nil {
			return nil, err
		}
		return nil, c.DTMF(line, digits)
	},
	"transfer": func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		number, _ := a.str("number")
		return nil, c.Transfer(line, number)
	},
	"conference": func(c Controller, a args) (any, error) {
		number, _ := a.str("number")
		return nil, c.Conference(number)
	},
	"setline": func(c Controller, a args) (any, error) {
		if _, ok := a["line"]; !ok {
			return nil, fmt.Errorf("missing argument %q", "line")
		}
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		return nil, c.SetLine(line)
	},
	"getline": func(c Controller, _ args) (any, error) { return map[string]int{"line": c.GetLine()}, nil },
	"redial": func(c Controller, _ args) (any, error) {
		line, err := c.Redial()
		if err != nil {
			return nil, err
		}
		return map[string]int{"line": line}, nil
	},
	"setvolume": func(c Controller, a args) (any, error) {
		dev, err := a.integer("dev", -1)
		if err != nil {
			return nil, err
		}
		vol, err := a.integer("volume", -1)
		if err != nil {
			return nil, err
		}
		return nil, c.SetVolume(control.VolumeDevice(dev), vol)
	},
}

// lineFunc adapts a controller method taking an optional line.
func lineFunc(f func(Controller, int) error) function {
	return func(c Controller, a args) (any, error) {
		line, err := a.line()
		if err != nil {
			return nil, err
		}
		return nil, f(c, line)
	}
}

// starter is a controller offering the seed's start(): register when the parameters allow.
type starter interface{ StartEngine() error }

// settingsDeleter is a controller offering the seed's delsettings().
type settingsDeleter interface{ DeleteSettings() error }

// sdpReporter is a controller offering getsdp: the last SDP offer/answer of the call on a
// line (0 or -1: the current call), SDES keys masked.
type sdpReporter interface {
	SDP(line int) (control.SDP, error)
}

// encryptionReporter is a controller offering the seed's isencrypted(): -1 unknown, 0 no,
// 1 partially, 2 yes, 3 always.
type encryptionReporter interface{ IsEncrypted() int }

// errNotAvailable is the error of a function this controller does not offer.
func errNotAvailable(name string) error {
	return fmt.Errorf("%w: %s", errUnsupported, name)
}

// errUnsupported marks a function the controller does not implement.
var errUnsupported = errors.New("not available on this controller")
