package sdpneg

import (
	"fmt"
	"strings"
)

// ParseAnswer validates a remote answer against the Local description our
// offer was built from and returns the negotiated session. The codec is the
// first of the answer's formats that we offered (the answerer's preference).
// An answer rejecting our audio stream (port 0) gives a Result with a nil
// Remote and no error.
func ParseAnswer(offer Local, answer []byte) (Result, error) {
	wish, err := offer.wish()
	if err != nil {
		return Result{}, err
	}
	s, err := parse(answer)
	if err != nil {
		return Result{}, err
	}
	if len(s.MediaDescriptions) == 0 {
		return Result{}, fmt.Errorf("%w: answer has no audio stream", ErrNoAudio)
	}
	if len(s.MediaDescriptions) != 1 {
		return Result{}, fmt.Errorf("%w: answer has %d m-lines, our offer had 1", ErrMalformed, len(s.MediaDescriptions))
	}
	md := s.MediaDescriptions[0]
	if !strings.EqualFold(md.MediaName.Media, "audio") {
		return Result{}, fmt.Errorf("%w: answer's m-line is %q, our offer was audio", ErrNoAudio, md.MediaName.Media)
	}
	if md.MediaName.Port.Value == 0 {
		return Result{LocalDirection: Inactive, RemoteDirection: Inactive}, nil
	}
	if !profileSupported(md.MediaName.Protos) {
		return Result{}, profileError(md)
	}
	answered := mediaFormats(md)
	for _, f := range answered {
		if f.isTelephoneEvent() {
			continue
		}
		ours, ok := findLocal(offer.Formats, f)
		if !ok {
			continue
		}
		f.Name = ours.Name
		r, err := streamResult(s, md, f, offer, wish)
		if err != nil {
			return Result{}, err
		}
		if te, ok := pickDTMF(answered, f.Rate); ok && offer.DTMF {
			r.DTMFPT = te.PT
		}
		return r, nil
	}
	return Result{}, fmt.Errorf("%w: answer has %s, we offered %s", ErrNoCommonCodec, names(answered), names(offer.Formats))
}
