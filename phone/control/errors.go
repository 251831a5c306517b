package control

import "errors"

// Sentinel errors of the contract. A controller wraps them with details naming what was
// wrong; front ends test them with errors.Is (the control API maps them to HTTP statuses).
var (
	// ErrClosed is returned after the controller is closed.
	ErrClosed = errors.New("phone is closed")
	// ErrNoLine is returned when a line number does not name a call.
	ErrNoLine = errors.New("no such call")
	// ErrInvalidNumber is returned for a number or URI that cannot be dialled.
	ErrInvalidNumber = errors.New("invalid number")
	// ErrNotConfigured is returned when an action needs a setting that is empty.
	ErrNotConfigured = errors.New("not configured")
	// ErrBusy is returned when every line is taken.
	ErrBusy = errors.New("all lines are busy")
	// ErrWrongState is returned when a command does not apply to the call's state.
	ErrWrongState = errors.New("not possible in this call state")
	// ErrNotFound is returned by the social side for a history row, contact or message
	// that does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrLocked is returned when a provisioning profile locked the parameter a command
	// would change (the control API answers 403).
	ErrLocked = errors.New("parameter locked")
)
