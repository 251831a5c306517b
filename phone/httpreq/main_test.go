package httpreq

import (
	"testing"

	"softphone/internal/testpeer"
)

// TestMain runs the tests in a network namespace of their own (testpeer.IsolatedMain): their
// HTTP servers and the closed port of the "down" case are on a loopback nothing else shares.
func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }
