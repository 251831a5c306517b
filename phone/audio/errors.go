package audio

import "errors"

// Sentinel errors returned (wrapped with details) by the drivers, the WAV code and the tone generators.
// Test for them with errors.Is.
var (
	// ErrNoDevice means no audio device matched the request, or a driver has no usable devices
	// (for example PortAudio could not initialise or found zero devices).
	ErrNoDevice = errors.New("no such audio device")
	// ErrBadSpec means a device spec string (a user parameter value) could not be understood.
	ErrBadSpec = errors.New("bad audio device spec")
	// ErrUnreadableWAV means a file could not be read as a RIFF/WAVE file (missing, truncated, garbage).
	ErrUnreadableWAV = errors.New("unreadable WAV file")
	// ErrUnsupportedWAV means a well-formed WAV file uses an encoding this package cannot decode.
	ErrUnsupportedWAV = errors.New("unsupported WAV format")
	// ErrBadRate means a sample rate was zero, negative or absurdly large.
	ErrBadRate = errors.New("bad sample rate")
	// ErrClosed means a device or writer was used after Close.
	ErrClosed = errors.New("audio device closed")
	// ErrUnknownDigit means NewDTMFTone was given a character that is not a DTMF digit.
	ErrUnknownDigit = errors.New("unknown DTMF digit")
)

// MaxRate is the highest sample rate accepted anywhere in this package.
const MaxRate = 384000

// validRate reports whether rate is a usable sample rate.
func validRate(rate int) bool { return rate > 0 && rate <= MaxRate }
