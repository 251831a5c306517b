// Package httpreq makes the seed's custom HTTP requests ("Custom HTTP requests and links"):
// a provider's URL template with keywords (USERNAME, PASSWORD, CALLEDNUMBER, MD5SIMPLE, ...)
// replaced by URL-encoded values, sent with a bounded timeout, and its answer read as one line
// of text for a user.
package httpreq

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
)

// The keywords the seed lists, replaced in a request's URL.
const (
	Username     = "USERNAME"
	Password     = "PASSWORD"
	PinCode      = "PINCODE"
	Phone1       = "PHONE1"
	Phone2       = "PHONE2"
	CalledNumber = "CALLEDNUMBER"
	CallbackNr   = "CALLBACKNR"
	Text         = "TEXT"
	MD5Web       = "MD5WEB"      // md5("C8y5:" + user + ":" + password + ":" + salt)
	MD5Simple    = "MD5SIMPLE"   // md5(user + ":" + password)
	MD5Normal    = "MD5NORMAL"   // md5(user + ":" + password + ":" + salt)
	MD5Salt      = "MD5SALT"     // the random salt of this request
	MD5Checksum  = "MD5CHECKSUM" // md5("rD58s:" + user + ":" + password + ":" + salt)
	MD5Value     = "MD5VALUE"    // md5("ck5Gp" + user + password + serversalt + salt)
	ServerAPIKey = "SERVERAPIKEY"
)

// keywords in matching order: a keyword that begins another comes after it.
var keywords = []string{
	CalledNumber, CallbackNr, ServerAPIKey, MD5Checksum, MD5Simple, MD5Normal, MD5Value,
	MD5Salt, MD5Web, Username, Password, PinCode, Phone1, Phone2, Text,
}

// secret keywords are shown as **** in the URL given in errors and events.
var secret = map[string]bool{
	Password: true, PinCode: true, ServerAPIKey: true, MD5Web: true, MD5Simple: true,
	MD5Normal: true, MD5Checksum: true, MD5Value: true,
}

// md5Of names the MD5 keywords and how each is made from user, password and salt.
var md5Of = map[string]func(user, pass, serverSalt, salt string) string{
	MD5Web:      func(u, p, _, s string) string { return md5hex("C8y5:" + u + ":" + p + ":" + s) },
	MD5Simple:   func(u, p, _, _ string) string { return md5hex(u + ":" + p) },
	MD5Normal:   func(u, p, _, s string) string { return md5hex(u + ":" + p + ":" + s) },
	MD5Checksum: func(u, p, _, s string) string { return md5hex("rD58s:" + u + ":" + p + ":" + s) },
	MD5Value:    func(u, p, ss, s string) string { return md5hex("ck5Gp" + u + p + ss + s) },
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Values are what the keywords stand for in one request. Source names, for each keyword, where
// its value comes from (a parameter's name, "the number dialled"), for the error when it is empty.
type Values struct {
	Words      map[string]string // keyword -> value (USERNAME, PASSWORD, ...; not the MD5 ones)
	Source     map[string]string // keyword -> where its value comes from
	ServerSalt string            // MD5VALUE's server salt; the seed allows it empty
	Salt       string            // MD5SALT: a random salt made for each request
}

// Request is one expanded request or link.
type Request struct {
	Name  string // the parameter it comes from, e.g. creditrequest
	URL   string // the URL to send, every keyword replaced
	Shown string // the same URL with secret values as ****, for errors and events
	API   bool   // an HTTP request (the value began with *) rather than a link
}

// KeywordError says a keyword of a request's URL has no value.
type KeywordError struct {
	Name, Keyword, Source string
}

// Error names the request, the keyword and where its value comes from.
func (e *KeywordError) Error() string {
	return fmt.Sprintf("%s: keyword %s has no value (set %s)", e.Name, e.Keyword, e.Source)
}

// IsAPI reports whether a parameter value is an HTTP API request (begins with *) rather than a link.
func IsAPI(value string) bool { return strings.HasPrefix(strings.TrimSpace(value), "*") }

// Expand replaces the keywords of the parameter name's value template with v, URL-encoded for
// where they stand (path or query). A keyword whose value is empty is an error naming it.
func Expand(name, template string, v Values) (Request, error) {
	t := strings.TrimSpace(template)
	r := Request{Name: name, API: strings.HasPrefix(t, "*")}
	t = strings.TrimLeft(t, "*")
	var out, shown strings.Builder
	inQuery := false
	for i := 0; i < len(t); {
		kw := keywordAt(t, i)
		if kw == "" {
			if t[i] == '?' || t[i] == '#' {
				inQuery = true
			}
			out.WriteByte(t[i])
			shown.WriteByte(t[i])
			i++
			continue
		}
		val, err := v.value(name, kw)
		if err != nil {
			return Request{}, err
		}
		enc := url.PathEscape(val)
		if inQuery {
			enc = url.QueryEscape(val)
		}
		out.WriteString(enc)
		if secret[kw] {
			shown.WriteString("****")
		} else {
			shown.WriteString(enc)
		}
		i += len(kw)
	}
	r.URL, r.Shown = out.String(), shown.String()
	return r, nil
}

// keywordAt returns the keyword starting at t[i], or "".
func keywordAt(t string, i int) string {
	for _, k := range keywords {
		if strings.HasPrefix(t[i:], k) {
			return k
		}
	}
	return ""
}

// value is the value of one keyword, derived for the MD5 ones.
func (v Values) value(name, kw string) (string, error) {
	need := func(k string) (string, error) {
		if s := v.Words[k]; s != "" {
			return s, nil
		}
		src := v.Source[k]
		if src == "" {
			src = "a value for " + k
		}
		return "", &KeywordError{Name: name, Keyword: k, Source: src}
	}
	if kw == MD5Salt {
		return v.Salt, nil
	}
	if f := md5Of[kw]; f != nil {
		u, err := need(Username)
		if err != nil {
			return "", &KeywordError{Name: name, Keyword: kw, Source: v.Source[Username]}
		}
		p, err := need(Password)
		if err != nil {
			return "", &KeywordError{Name: name, Keyword: kw, Source: v.Source[Password]}
		}
		return f(u, p, v.ServerSalt, v.Salt), nil
	}
	return need(kw)
}
