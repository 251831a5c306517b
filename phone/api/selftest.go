package api

import (
	"context"
	"fmt"
	"time"

	"softphone/phone/control"
)

// selfTestTimeout bounds POST /v1/selftest.
const selfTestTimeout = 30 * time.Second

// selfTest runs the controller's pre-shift self-test: {"checks": [{"name", "ok", "detail",
// "advice"}, ...]}.
func selfTest(c Controller, _ args) (any, error) {
	st, ok := c.(control.SelfTester)
	if !ok {
		return nil, fmt.Errorf("%w: this phone has no self-test", control.ErrNotConfigured)
	}
	ctx, cancel := context.WithTimeout(context.Background(), selfTestTimeout)
	defer cancel()
	return st.SelfTest(ctx), nil
}
