package audio

import "github.com/gordonklaus/portaudio"

// minLegalStreamID is the first PortAudio stream id that survives checkptr.
//
// gordonklaus/portaudio passes each stream's small integer id to C as unsafe.Pointer(id).
// Under -race (which turns on checkptr) any such value in 1..4095 aborts the whole process with
// "checkptr: pointer arithmetic computed bad pointer value", so only the first stream of a
// process could ever be opened. OpenStream without buffers fails in Go before reaching C but
// still consumes an id, so burning 4096 ids moves every later stream past the bad range.
const minLegalStreamID = 4096

// skipUnsafeStreamIDs consumes stream ids below minLegalStreamID. It needs PortAudio initialised.
func skipUnsafeStreamIDs() {
	for range minLegalStreamID {
		_, _ = portaudio.OpenStream(portaudio.StreamParameters{})
	}
}
