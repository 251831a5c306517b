package testpeer

import "testing"

// TestMain runs this package's tests in a private network namespace (see
// IsolatedMain), as every package that starts peers or a topology does.
func TestMain(m *testing.M) { IsolatedMain(m) }
