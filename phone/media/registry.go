package media

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownCodec is returned when a codec name is not registered.
var ErrUnknownCodec = errors.New("media: unknown codec")

// firstDynamicPT is the first RTP payload type of the dynamic range (RFC 3551).
const firstDynamicPT = 96

// Registry is an ordered, immutable list of codecs; the order is the
// preference order (first is most preferred). Each codec has the payload type
// we offer it with: its static one, or a dynamic one (96 up, in registration
// order) assigned by NewRegistry.
type Registry struct {
	codecs []Codec
	pts    []uint8 // pts[i] is codecs[i]'s payload type
}

// NewRegistry returns a Registry holding codecs in the given order, giving
// each codec without a static payload type the next free one from 96 up.
// Nil codecs are skipped. It panics when two codecs claim the same static
// payload type or more than 32 need a dynamic one: a programming error.
func NewRegistry(codecs ...Codec) *Registry {
	r := &Registry{}
	used := map[uint8]string{}
	for _, c := range codecs {
		if c == nil || c.PayloadType() == DynamicPayloadType {
			continue
		}
		if other, dup := used[c.PayloadType()]; dup {
			panic(fmt.Sprintf("media: codecs %s and %s share payload type %d", other, c.Name(), c.PayloadType()))
		}
		used[c.PayloadType()] = c.Name()
	}
	next := uint8(firstDynamicPT)
	for _, c := range codecs {
		if c == nil {
			continue
		}
		pt := c.PayloadType()
		if pt == DynamicPayloadType {
			for used[next] != "" {
				next++
			}
			if next > 127 {
				panic("media: no dynamic payload type left for " + c.Name())
			}
			pt = next
			used[pt] = c.Name()
		}
		r.codecs = append(r.codecs, c)
		r.pts = append(r.pts, pt)
	}
	return r
}

// DefaultRegistry returns every codec this build has, in default preference
// order: PCMU, PCMA, G722, OPUS. A new codec is registered here (and its name
// in params.KnownCodecs, which the Settings tab and the codecs parameter's
// check read without linking the codecs; a test keeps the two equal).
func DefaultRegistry() *Registry {
	return NewRegistry(PCMU{}, PCMA{}, G722{}, Opus{})
}

// Lookup finds a codec by SDP encoding name (case-insensitive) and RTP clock
// rate. A rate of 0 matches any rate.
func (r *Registry) Lookup(name string, rate int) (Codec, bool) {
	i := r.index(name, rate)
	if i < 0 {
		return nil, false
	}
	return r.codecs[i], true
}

// PayloadType returns the payload type the registry gives codec name
// (case-insensitive): static or assigned.
func (r *Registry) PayloadType(name string) (uint8, bool) {
	i := r.index(name, 0)
	if i < 0 {
		return 0, false
	}
	return r.pts[i], true
}

func (r *Registry) index(name string, rate int) int {
	for i, c := range r.codecs {
		if strings.EqualFold(c.Name(), name) && (rate == 0 || c.ClockRate() == rate) {
			return i
		}
	}
	return -1
}

// Codecs returns the codecs in preference order. The slice is a copy.
func (r *Registry) Codecs() []Codec {
	return append([]Codec(nil), r.codecs...)
}

// Names returns the codec names in preference order, upper case as the
// codecs parameter writes them.
func (r *Registry) Names() []string {
	out := make([]string, len(r.codecs))
	for i, c := range r.codecs {
		out[i] = strings.ToUpper(c.Name())
	}
	return out
}

// Ordered returns a new Registry restricted to names, in that order
// (e.g. from a "codecs" parameter), keeping each codec's payload type. An
// unknown name is an error naming it and the known ones; a name given twice
// is kept once.
func (r *Registry) Ordered(names []string) (*Registry, error) {
	out := &Registry{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		i := r.index(n, 0)
		if i < 0 {
			return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownCodec, n, strings.Join(r.Names(), ", "))
		}
		if out.index(n, 0) < 0 {
			out.codecs = append(out.codecs, r.codecs[i])
			out.pts = append(out.pts, r.pts[i])
		}
	}
	return out, nil
}
