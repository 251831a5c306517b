package api

import (
	"context"
	"encoding/json"
	"fmt"
)

// httpRequester is a controller offering the seed's custom HTTP requests and links
// (creditrequest, ratingrequest, p2p, callback, sms, newuser, recharge).
type httpRequester interface {
	HTTPRequest(ctx context.Context, name string, words map[string]string) (string, error)
	HTTPLink(name string, words map[string]string) (string, error)
}

// The functions of the custom HTTP requests: httprequest {name, words} sends one and answers
// {"answer": text}; httplink {name, words} answers {"link": URL} for a link-valued parameter.
// words are the keywords that are not parameters (CALLEDNUMBER, TEXT, PINCODE, ...).
func init() {
	functions["httprequest"] = func(c Controller, a args) (any, error) {
		h, name, words, err := httpArgs(c, a, "httprequest")
		if err != nil {
			return nil, err
		}
		text, err := h.HTTPRequest(context.Background(), name, words)
		if err != nil {
			return nil, err
		}
		return map[string]string{"answer": text}, nil
	}
	functions["httplink"] = func(c Controller, a args) (any, error) {
		h, name, words, err := httpArgs(c, a, "httplink")
		if err != nil {
			return nil, err
		}
		link, err := h.HTTPLink(name, words)
		if err != nil {
			return nil, err
		}
		return map[string]string{"link": link}, nil
	}
}

// httpArgs reads the name and words arguments of the HTTP request functions.
func httpArgs(c Controller, a args, fn string) (httpRequester, string, map[string]string, error) {
	h, ok := c.(httpRequester)
	if !ok {
		return nil, "", nil, errNotAvailable(fn)
	}
	name, err := a.str("name")
	if err != nil {
		return nil, "", nil, err
	}
	var words map[string]string
	if raw, ok := a["words"]; ok {
		if err := json.Unmarshal(raw, &words); err != nil {
			return nil, "", nil, fmt.Errorf("argument \"words\" is not an object of strings: %v", err)
		}
	}
	return h, name, words, nil
}
