package control

// Recorder is implemented by a controller that can record calls on demand. It is optional:
// front ends type-assert for it (rec, ok := c.(control.Recorder)) and offer no Record button
// or API function when it is missing. *phone.Phone implements it.
type Recorder interface {
	// Record starts (on true) or stops (on false) recording the call on line (0 = the
	// current call) to a WAV file in the recordpath folder. It fails, naming the line, when
	// the line has no connected call.
	Record(line int, on bool) error
}
