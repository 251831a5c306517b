package control_test

import (
	"testing"

	"softphone/phone"
	"softphone/phone/control"
	"softphone/phone/params"
)

// TestPhoneIsController keeps the phone and its front ends on one contract.
func TestPhoneIsController(t *testing.T) {
	p := phone.New(params.Standard())
	var c control.Controller = p
	var s control.Social = p
	var d control.Devices = p
	var r control.Recorder = p
	if c == nil || s == nil || d == nil || r == nil {
		t.Fatal("nil controller")
	}
}
