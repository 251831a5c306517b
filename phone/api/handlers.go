package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// errNotImplemented answers a social function on a controller without history and chat.
var errNotImplemented = errors.New("history, contacts and chat are not available")

// maxBody bounds a request body.
const maxBody = 64 << 10

// args are the named arguments of a function call.
type args map[string]json.RawMessage

// str returns a string argument (JSON strings and numbers are both accepted).
func (a args) str(name string) (string, error) {
	raw, ok := a[name]
	if !ok {
		return "", fmt.Errorf("missing argument %q", name)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("argument %q: %s is not a string", name, raw)
}

// line returns the optional line argument; 0 (the current call) when absent.
func (a args) line() (int, error) {
	if _, ok := a["line"]; !ok {
		return 0, nil
	}
	s, err := a.str("line")
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1 {
		return 0, fmt.Errorf("argument \"line\": %q is not a line number", s)
	}
	return n, nil
}

// boolean returns an optional boolean argument (true/false, 1/0, "true"/"false").
func (a args) boolean(name string, def bool) (bool, error) {
	if _, ok := a[name]; !ok {
		return def, nil
	}
	s, err := a.str(name)
	if err != nil {
		var b bool
		if json.Unmarshal(a[name], &b) == nil {
			return b, nil
		}
		return false, err
	}
	switch s {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("argument %q: %q is not true or false", name, s)
}

// integer returns an optional integer argument; def when absent.
func (a args) integer(name string, def int) (int, error) {
	if _, ok := a[name]; !ok {
		if def < 0 {
			return 0, fmt.Errorf("missing argument %q", name)
		}
		return def, nil
	}
	s, err := a.str(name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("argument %q: %q is not a whole number", name, s)
	}
	return n, nil
}

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.ctl.Status())
}

// function dispatches POST /v1/<function>.
func (s *Server) function(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("function")
	fn, ok := functions[name]
	if sf, isSocial := socialFunctions[name]; isSocial {
		fn, ok = func(c Controller, a args) (any, error) {
			soc, can := c.(Social)
			if !can {
				return nil, errNotImplemented
			}
			return sf(soc, a)
		}, true
	}
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("unknown function %q", name))
		return
	}
	a := args{}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, "request body too large or unreadable")
		return
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &a); err != nil {
			writeError(w, http.StatusBadRequest, "request body is not a JSON object: "+err.Error())
			return
		}
	}
	res, err := fn(s.ctl, a)
	if err != nil {
		writeError(w, s.statusCode(err), err.Error())
		return
	}
	if res == nil {
		res = map[string]any{"ok": true}
	}
	writeJSON(w, http.StatusOK, res)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
