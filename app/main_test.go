package main

import (
	"testing"

	"softphone/internal/testpeer"
)

// TestMain runs the package's tests inside a network namespace of their own (see
// testpeer.IsolatedMain): nothing they send can leave the machine, and the namespace
// topology of the network tests is built there.
func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }
