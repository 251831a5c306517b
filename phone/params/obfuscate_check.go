package params

import (
	"encoding/base64"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// decodeBase64 accepts the encodings a provider's tool may have used: the standard or the
// URL alphabet, with or without padding.
func decodeBase64(s string) ([]byte, error) {
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		var b []byte
		if b, err = enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, err
}

// checkDecoded tells a value decoded with the right key from garbage: parameter values are
// text, so a result that is not UTF-8 or holds control characters came from another key.
func checkDecoded(plain string) error {
	if !utf8.ValidString(plain) {
		return errors.New("the result is not UTF-8 text")
	}
	for i, r := range plain {
		if unicode.IsControl(r) {
			return fmt.Errorf("the result has a control character (%U) at byte %d", r, i)
		}
	}
	return nil
}
