package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"softphone/phone/control"
)

// Social is what the history, contacts, chat and presence endpoints need; a controller
// without it answers 501 on those endpoints.
type Social = control.Social

// socialFunctions are the POST /v1/<name> functions of the social features.
var socialFunctions = map[string]func(Social, args) (any, error){
	"sendchat": func(s Social, a args) (any, error) {
		number, err := a.str("number")
		if err != nil {
			return nil, err
		}
		msg, err := a.str("message")
		if err != nil {
			return nil, err
		}
		return nil, s.SendChat(number, msg)
	},
	"checkpresence": func(s Social, a args) (any, error) {
		users, err := a.str("users")
		if err != nil {
			return nil, err
		}
		return nil, s.CheckPresence(users)
	},
	"setpresencestatus": func(s Social, a args) (any, error) {
		status, err := a.str("status")
		if err != nil {
			return nil, err
		}
		return nil, s.SetPresenceStatus(status)
	},
}

// social returns the controller's social side, or writes 501.
func (s *Server) social(w http.ResponseWriter) (Social, bool) {
	soc, ok := s.ctl.(Social)
	if !ok {
		writeError(w, http.StatusNotImplemented, "history, contacts and chat are not available")
	}
	return soc, ok
}

// socialError writes a store or phone error with a fitting status.
func (s *Server) socialError(w http.ResponseWriter, err error) {
	code := http.StatusNotFound
	if !errors.Is(err, control.ErrNotFound) {
		code = s.statusCode(err)
	}
	writeError(w, code, err.Error())
}

// history serves GET /v1/history?direction=1|2&missed=1&peer=&limit=&offset= (JSON), or CSV
// with format=csv.
func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	soc, ok := s.social(w)
	if !ok {
		return
	}
	q := r.URL.Query()
	if q.Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="history.csv"`)
		if err := soc.ExportHistoryCSV(w); err != nil {
			s.socialError(w, err)
		}
		return
	}
	f := control.HistoryFilter{Peer: q.Get("peer"), MissedOnly: q.Get("missed") == "1" || q.Get("missed") == "true"}
	for name, dst := range map[string]*int{"direction": &f.Direction, "limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("query %s=%q is not a whole number", name, v))
				return
			}
			*dst = n
		}
	}
	calls, err := soc.History(f)
	if err != nil {
		s.socialError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"calls": nonNil(calls)})
}

// contacts serves GET (search with q=), POST (add or update) and DELETE /v1/contacts/{id}.
func (s *Server) contacts(w http.ResponseWriter, r *http.Request) {
	soc, ok := s.social(w)
	if !ok {
		return
	}
	switch r.Method {
	case http.MethodGet:
		list, err := soc.Contacts(r.URL.Query().Get("q"))
		if err != nil {
			s.socialError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"contacts": nonNil(list)})
	case http.MethodPost:
		var c control.Contact
		if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&c); err != nil {
			writeError(w, http.StatusBadRequest, "request body is not a contact: "+err.Error())
			return
		}
		id, err := soc.SaveContact(c)
		if err != nil {
			s.socialError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]int64{"id": id})
	case http.MethodDelete:
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("contact id %q is not a number", r.PathValue("id")))
			return
		}
		if err := soc.DeleteContact(id); err != nil {
			s.socialError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	}
}

// chat serves GET /v1/chat?peer=&limit= : the conversation with peer, marked read.
func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	soc, ok := s.social(w)
	if !ok {
		return
	}
	peer := r.URL.Query().Get("peer")
	if peer == "" {
		writeError(w, http.StatusBadRequest, "missing query parameter peer")
		return
	}
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("query limit=%q is not a whole number", v))
			return
		}
		limit = n
	}
	msgs, err := soc.Conversation(peer, limit)
	if err != nil {
		s.socialError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"peer": peer, "messages": nonNil(msgs)})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// vcards serves GET /v1/contacts.vcf (export, vCard 4.0) and POST /v1/contacts.vcf (import
// vCard 3 or 4; all or nothing).
func (s *Server) vcards(w http.ResponseWriter, r *http.Request) {
	soc, ok := s.social(w)
	if !ok {
		return
	}
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/vcard; charset=utf-8")
		if err := soc.ExportVCard(w); err != nil {
			s.socialError(w, err)
		}
		return
	}
	n, err := soc.ImportVCard(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		s.socialError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
}
