package control_test

import (
	"testing"

	"softphone/phone"
	"softphone/phone/control"
	"softphone/phone/params"
)

// TestPhoneIsController keeps the phone and its front ends on one contract.
func TestPhoneIsController(t *testing.T) {
	var c control.Controller = phone.New(params.Standard())
	if c == nil {
		t.Fatal("nil controller")
	}
}
