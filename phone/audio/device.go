// Package audio holds the phone's audio device drivers (PortAudio, WAV files, null),
// registered by name like baresip's auplay/ausrc plug-ins, plus WAV file I/O and tone generators.
//
// All samples are signed 16-bit mono PCM. A device reports its own native rate; the media
// engine resamples to and from its internal rate.
package audio

// FrameDuration is the length of one audio frame in milliseconds throughout the phone.
const FrameDuration = 20

// Input is a capture device (microphone). Read blocks until len(buf) samples are captured,
// so Read paces the caller in real time.
type Input interface {
	// Rate is the device's sample rate in Hz.
	Rate() int
	// Read fills buf with captured mono samples, blocking in real time.
	Read(buf []int16) error
	// Close stops capture and releases the device.
	Close() error
}

// Output is a playback device (speaker, ringer). Write blocks until the device has room,
// so Write paces the caller in real time.
type Output interface {
	// Rate is the device's sample rate in Hz.
	Rate() int
	// Write plays buf (mono samples), blocking in real time.
	Write(buf []int16) error
	// Close flushes and releases the device.
	Close() error
}
