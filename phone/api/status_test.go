package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"softphone/phone/control"
)

// TestHTTPStatus maps the contract's sentinels, wrapped as a controller wraps them.
func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{control.ErrNoLine, http.StatusConflict},
		{control.ErrWrongState, http.StatusConflict},
		{control.ErrBusy, http.StatusConflict},
		{control.ErrClosed, http.StatusServiceUnavailable},
		{control.ErrInvalidNumber, http.StatusBadRequest},
		{control.ErrNotConfigured, http.StatusBadRequest},
		{errors.New("anything else"), http.StatusBadRequest},
	}
	for _, tt := range tests {
		if got := HTTPStatus(fmt.Errorf("line 2: %w", tt.err)); got != tt.want {
			t.Errorf("HTTPStatus(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
