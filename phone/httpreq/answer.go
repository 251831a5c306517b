package httpreq

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultTimeout bounds a request from connecting to the end of its answer.
const DefaultTimeout = 10 * time.Second

// maxAnswer is the longest answer read; a longer one is not an answer for a user.
const maxAnswer = 64 << 10

// maxText is the longest text kept from an answer.
const maxText = 500

// Client sends requests. Its zero value uses http.DefaultTransport and DefaultTimeout.
type Client struct {
	HTTP    *http.Client  // nil: a client on http.DefaultTransport
	Timeout time.Duration // 0: DefaultTimeout
}

// Error says a request failed: its name, the URL with secrets masked, and why.
type Error struct {
	Name, URL string
	Err       error
}

// Error names the request and its masked URL, then why it failed.
func (e *Error) Error() string { return fmt.Sprintf("%s %s: %v", e.Name, e.URL, e.Err) }

// Unwrap returns why the request failed.
func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors wrapped by Error.
var (
	// ErrTimeout means no whole answer came within the timeout.
	ErrTimeout = errors.New("no answer")
	// ErrGarbage means the answer is not text a user can read.
	ErrGarbage = errors.New("answer is not text")
	// ErrRefused means the server answered with an HTTP error or an ERROR text.
	ErrRefused = errors.New("refused")
)

// Get sends r and returns the text of its answer: the first non-empty line of a text answer
// (tags removed from HTML), at most maxText characters. An HTTP status other than 2xx, an
// answer that begins with ERROR, an empty one or one that is not UTF-8 text is an error.
func (c Client) Get(ctx context.Context, r Request) (string, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{}
	}
	fail := func(err error) (string, error) { return "", &Error{Name: r.Name, URL: r.Shown, Err: err} }
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return fail(errors.New("not a valid URL")) // the error would hold the unmasked URL
	}
	req.Header.Set("Accept", "text/plain, text/html;q=0.5, */*;q=0.1")
	res, err := hc.Do(req)
	if err != nil {
		return fail(transportError(ctx, err, timeout))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxAnswer+1))
	if err != nil {
		return fail(transportError(ctx, err, timeout))
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fail(fmt.Errorf("%w: HTTP %s", ErrRefused, res.Status))
	}
	if len(body) > maxAnswer {
		return fail(fmt.Errorf("%w: longer than %d KiB", ErrGarbage, maxAnswer>>10))
	}
	text, err := answerText(body, res.Header.Get("Content-Type"))
	if err != nil {
		return fail(err)
	}
	if strings.HasPrefix(strings.ToUpper(text), "ERROR") {
		return fail(fmt.Errorf("%w: %s", ErrRefused, text))
	}
	return text, nil
}

// transportError describes a failed exchange without the URL (which may hold secrets).
func transportError(ctx context.Context, err error, timeout time.Duration) error {
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%w within %s", ErrTimeout, timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("cannot reach the server: %w", err)
}

var tag = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]*>`)

// answerText is the first non-empty line of an answer, with HTML tags removed.
func answerText(body []byte, contentType string) (string, error) {
	if !utf8.Valid(body) {
		return "", fmt.Errorf("%w: not UTF-8", ErrGarbage)
	}
	s := string(body)
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", fmt.Errorf("%w: control character %U", ErrGarbage, r)
		}
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(strings.TrimSpace(s), "<") {
		s = tag.ReplaceAllString(s, "\n")
		s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", " ", "&quot;", `"`).Replace(s)
	}
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			if utf8.RuneCountInString(line) > maxText {
				line = string([]rune(line)[:maxText])
			}
			return line, nil
		}
	}
	return "", fmt.Errorf("%w: empty", ErrGarbage)
}
