//go:build !unix

package phone

import "time"

// processCPU is not measured on this system: the health event's CPU share stays 0.
func processCPU() (time.Duration, bool) { return 0, false }
