package ui

import (
	"strconv"

	"fyne.io/fyne/v2/lang"

	"softphone/phone/control"
)

// qualityText is the call panel's quality line for q, e.g. "MOS 4.3 · loss 0.1 % · jitter
// 3 ms · RTT 42 ms" (RTT once the far end's RTCP gave it); empty before the first figures.
func qualityText(q control.Quality) string {
	if q.MOS == 0 {
		return ""
	}
	args := map[string]any{
		"MOS":    strconv.FormatFloat(q.MOS, 'f', 1, 64),
		"Loss":   strconv.FormatFloat(q.LossPct, 'f', 1, 64),
		"Jitter": strconv.FormatFloat(q.JitterMS, 'f', 0, 64),
	}
	if q.RTTMS <= 0 {
		return lang.L("MOS {{.MOS}} · loss {{.Loss}} % · jitter {{.Jitter}} ms", args)
	}
	args["RTT"] = strconv.FormatFloat(q.RTTMS, 'f', 0, 64)
	return lang.L("MOS {{.MOS}} · loss {{.Loss}} % · jitter {{.Jitter}} ms · RTT {{.RTT}} ms", args)
}
