package control

import "context"

// Check is one line of the pre-shift self-test: what was checked, whether it passed, what
// was seen, and what a user can do about a failure.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Advice string `json:"advice,omitempty"`
}

// SelfTest is the whole self-test's outcome, in the order the checks ran.
type SelfTest struct {
	Checks []Check `json:"checks"`
}

// Passed reports whether every check passed.
func (s SelfTest) Passed() bool {
	for _, c := range s.Checks {
		if !c.OK {
			return false
		}
	}
	return len(s.Checks) > 0
}

// SelfTester is a controller that can run the self-test (POST /v1/selftest, the window's
// self-test button).
type SelfTester interface {
	SelfTest(ctx context.Context) SelfTest
}

// LockReporter is a controller that tells which parameters a provisioning profile locked:
// the window shows them read-only with a padlock.
type LockReporter interface {
	Locked(name string) bool
}
