package api

import (
	"errors"
	"net/http"

	"softphone/phone/control"
	"softphone/phone/httpreq"
)

// HTTPStatus maps an error from a controller command to the control API's HTTP status by
// the contract's sentinels: 409 when the command does not fit the calls as they are, 503
// when the phone is closing, 403 for a parameter a provisioning profile locked, 502 when a
// provider's HTTP server failed (httprequest), 400 for anything else (bad arguments).
func HTTPStatus(err error) int {
	switch {
	case errors.Is(err, control.ErrNoLine), errors.Is(err, control.ErrWrongState), errors.Is(err, control.ErrBusy):
		return http.StatusConflict
	case errors.Is(err, control.ErrClosed):
		return http.StatusServiceUnavailable
	case errors.Is(err, control.ErrLocked):
		return http.StatusForbidden
	case errors.As(err, new(*httpreq.Error)): // the provider's HTTP server failed (httprequest)
		return http.StatusBadGateway
	}
	return http.StatusBadRequest
}

// statusCode is the HTTP status of a command's error: Config.StatusCode when set, else
// HTTPStatus.
func (s *Server) statusCode(err error) int {
	if s.cfg.StatusCode != nil {
		return s.cfg.StatusCode(err)
	}
	return HTTPStatus(err)
}
