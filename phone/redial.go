package phone

import (
	"fmt"
)

// Redial calls the last number dialled again.
func (p *Phone) Redial() (int, error) {
	var line int
	var err error
	if !p.run(func() {
		if p.lastNumber == "" {
			err = fmt.Errorf("%w: nothing to redial yet", ErrInvalidNumber)
			return
		}
		line, err = p.dial(p.lastNumber)
	}) {
		return 0, ErrClosed
	}
	return line, err
}
