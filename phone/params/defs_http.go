package params

import (
	"errors"
	"net/url"
	"strings"
)

// httpDefs are the seed's custom HTTP requests and links ("Custom HTTP requests and links"):
// the provider's HTTP API the phone calls, with keywords (USERNAME, PASSWORD, CALLEDNUMBER,
// MD5SIMPLE, ...) replaced in the URL. A value starting with * is an HTTP request; without it
// newuser, recharge, p2p and callback are links a user opens in the browser.
func httpDefs() []Def {
	return []Def{
		{Name: "creditrequest", Check: httpRequestURL,
			Help: "balance HTTP request; its answer is shown in the window and sent as CREDIT"},
		{Name: "ratingrequest", Check: httpRequestURL,
			Help: "rating HTTP request sent before each call with CALLEDNUMBER; its answer is sent as RATING"},
		{Name: "p2p", Check: httpRequestURL,
			Help: "phone to phone HTTP request (*URL) or link: the server calls PHONE1, then connects PHONE2"},
		{Name: "callback", Check: httpRequestURL,
			Help: "callback HTTP request (*URL) or link: the server calls CALLBACKNR back, then CALLEDNUMBER"},
		{Name: "sms", Check: httpRequestURL,
			Help: "SMS HTTP request with CALLEDNUMBER and TEXT; chatsms says when chat messages go this way"},
		{Name: "newuser", Check: httpRequestURL,
			Help: "new user registration HTTP request (*URL) or link"},
		{Name: "recharge", Check: httpRequestURL,
			Help: "recharge HTTP request (*URL, with PINCODE) or link"},
		{Name: "chatsms", Kind: Enum, Default: "0", Enum: []string{"0", "1", "2"},
			Help: "chat messages: 0 SMS (the sms request) for phone numbers, chat for the rest; 1 SMS only; 2 chat only"},
		// The two keywords the seed lists without naming a parameter for them.
		{Name: "callbacknumber",
			Help: "a user's own phone number, CALLBACKNR and PHONE1 in the HTTP requests (callback, p2p)"},
		{Name: "serverapikey", Kind: Secret,
			Help: "authentication key of the provider's HTTP API, SERVERAPIKEY in the HTTP requests"},
	}
}

// httpRequestURL accepts an http(s) URL, optionally preceded by the seed's * marks of an
// API request (the seed's example writes two), or empty. Keywords stay as they are.
func httpRequestURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	u := strings.TrimLeft(v, "*")
	if u == "" {
		return "", nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.ContainsAny(u, " \t\r\n") {
		return "", errors.New("is not an http(s) URL such as *https://example.com/balance?user=USERNAME")
	}
	return v, nil
}
