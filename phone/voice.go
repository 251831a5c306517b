package phone

import (
	"slices"

	"softphone/phone/media"
)

// processingParams are the parameters of the capture path's voice processing.
var processingParams = [...]string{"aec", "denoise", "agc"}

// isProcessingParam reports whether name is one of processingParams.
func isProcessingParam(name string) bool {
	return slices.Contains(processingParams[:], name)
}

// applyProcessing gives the audio engine the aec, denoise and agc parameters; a running call
// takes them from its next frame. Owner goroutine.
func (p *Phone) applyProcessing() {
	if p.engine == nil {
		return
	}
	p.engine.SetProcessing(media.Processing{
		EchoCancel: p.params.Bool("aec"),
		Denoise:    p.params.Bool("denoise"),
		AGC:        p.params.Bool("agc"),
	})
}
