package media

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownCodec is returned when a codec name is not registered.
var ErrUnknownCodec = errors.New("media: unknown codec")

// Registry is an ordered, immutable list of codecs; the order is the
// preference order (first is most preferred).
type Registry struct {
	codecs []Codec
}

// NewRegistry returns a Registry holding codecs in the given order.
// Nil codecs are skipped.
func NewRegistry(codecs ...Codec) *Registry {
	r := &Registry{}
	for _, c := range codecs {
		if c != nil {
			r.codecs = append(r.codecs, c)
		}
	}
	return r
}

// DefaultRegistry returns PCMU then PCMA.
func DefaultRegistry() *Registry {
	return NewRegistry(PCMU{}, PCMA{})
}

// Lookup finds a codec by SDP encoding name (case-insensitive) and clock rate.
// A rate of 0 matches any rate.
func (r *Registry) Lookup(name string, rate int) (Codec, bool) {
	for _, c := range r.codecs {
		if strings.EqualFold(c.Name(), name) && (rate == 0 || c.ClockRate() == rate) {
			return c, true
		}
	}
	return nil, false
}

// Codecs returns the codecs in preference order. The slice is a copy.
func (r *Registry) Codecs() []Codec {
	return append([]Codec(nil), r.codecs...)
}

// Ordered returns a new Registry restricted to names, in that order
// (e.g. from a "codecs" parameter). An unknown name is an error naming it;
// a name given twice is kept once.
func (r *Registry) Ordered(names []string) (*Registry, error) {
	out := &Registry{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		c, ok := r.Lookup(n, 0)
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrUnknownCodec, n)
		}
		if _, dup := out.Lookup(n, 0); !dup {
			out.codecs = append(out.codecs, c)
		}
	}
	return out, nil
}
