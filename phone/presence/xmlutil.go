package presence

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// newDecoder returns a strict XML decoder over body that also understands the
// single-byte charsets some devices declare (US-ASCII, ISO-8859-1).
func newDecoder(body []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.CharsetReader = charsetReader
	return dec
}

// charsetReader converts US-ASCII and ISO-8859-1 input to UTF-8; any other
// declared charset is an error naming it.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1":
	default:
		return nil, fmt.Errorf("unsupported charset %q", charset)
	}
	raw, err := io.ReadAll(io.LimitReader(input, MaxBodySize))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(raw)+len(raw)/4)
	for _, b := range raw {
		out = utf8.AppendRune(out, rune(b))
	}
	return bytes.NewReader(out), nil
}

// syntaxError describes an error from the XML decoder for a user.
func syntaxError(doc string, err error) error {
	if errors.Is(err, io.EOF) {
		return malformed("%s: unexpected end of document", doc)
	}
	return malformed("%s: %v", doc, err)
}

// rootElement reads up to the document's first element, skipping the prolog,
// and checks its local name.
func rootElement(dec *xml.Decoder, doc, want string) (xml.StartElement, error) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return xml.StartElement{}, syntaxError(doc, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != want {
				return xml.StartElement{}, malformed("%s: root element is <%s>, want <%s>", doc, t.Name.Local, want)
			}
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, malformed("%s: text before the root element", doc)
			}
		}
	}
}

// finishDocument checks that nothing but whitespace, comments and processing
// instructions follows the root element.
func finishDocument(dec *xml.Decoder, doc string) error {
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return syntaxError(doc, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return malformed("%s: second root element <%s>", doc, t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return malformed("%s: text after the root element", doc)
			}
		}
	}
}

// attr returns the value of the attribute with the given local name.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
