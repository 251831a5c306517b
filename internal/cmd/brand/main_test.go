package main

import (
	"testing"

	"softphone/internal/testpeer"
)

// TestMain runs the tests inside a network namespace of their own (testpeer.IsolatedMain).
func TestMain(m *testing.M) { testpeer.IsolatedMain(m) }
