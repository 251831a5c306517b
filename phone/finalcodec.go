package phone

import (
	"strings"

	"softphone/phone/sdpneg"
)

// setFinalCodec implements the seed's setfinalcodec: when the far end's answer to our INVITE
// lists more than one of our codecs, a re-INVITE offers only the one in use, res.Format, so
// both ends know which codec the call carries. Owner goroutine, after the answer took effect.
func (p *Phone) setFinalCodec(c *call, answer []byte, res sdpneg.Result) {
	if p.params.Int("setfinalcodec") < 1 || c.ending() {
		return
	}
	common := sdpneg.CommonCodecs(c.local0, answer)
	if len(common) < 2 {
		return
	}
	only, ok := c.local0.Only(res.Format)
	if !ok {
		return
	}
	var names []string
	for _, f := range common {
		names = append(names, f.Name)
	}
	p.log.Info("answer lists several codecs; offering only the one in use (setfinalcodec)",
		"line", c.line, "answered", strings.Join(names, ","), "codec", res.Format.Name)
	c.local0 = only
	p.startReoffer(c, reofferAttempt{what: "final codec", prevHold: c.hold, prevDir: c.local0.Direction})
}
