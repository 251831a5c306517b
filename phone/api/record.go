package api

import (
	"errors"

	"softphone/phone/control"
)

// errNoRecorder answers record on a controller that cannot record calls.
var errNoRecorder = errors.New("recording calls is not available")

// record is POST /v1/record {line, record}: start (record true, the default) or stop
// recording the call on line (0 or absent: the current call).
func record(c Controller, a args) (any, error) {
	rec, ok := c.(control.Recorder)
	if !ok {
		return nil, errNoRecorder
	}
	line, err := a.line()
	if err != nil {
		return nil, err
	}
	on, err := a.boolean("record", true)
	if err != nil {
		return nil, err
	}
	return nil, rec.Record(line, on)
}
