package phone

import (
	"errors"
	"net/http"
)

// HTTPStatus maps an error from a phone command to the control API's HTTP status:
// 409 when the command does not fit the calls as they are, 503 when the phone is closing,
// 400 for bad arguments.
func HTTPStatus(err error) int {
	switch {
	case errors.Is(err, ErrNoLine), errors.Is(err, ErrWrongState), errors.Is(err, ErrBusy):
		return http.StatusConflict
	case errors.Is(err, ErrClosed):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}
