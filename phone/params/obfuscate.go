package params

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// obfuscatedPrefix marks obfuscated values, as in the Mizu webphone.
const obfuscatedPrefix = "encrypted__3__"

// builtinKey is the parameter key of an unbranded build: encrypted__3__ values a
// provider gives decode with it unless the build carries a brand key (Sources.ParameterKey).
const builtinKey = "softphone:4b1d-77c2-e9f0-secret-params"

// Obfuscate returns "encrypted__3__" + base64(plain XOR key). It keeps a
// password out of plain sight in a file; it is not encryption against anyone
// who has the key. An empty key means the built-in one.
func Obfuscate(plain string, key []byte) string {
	return obfuscatedPrefix + base64.StdEncoding.EncodeToString(xor([]byte(plain), keyOr(key)))
}

// Deobfuscate reverses Obfuscate. It fails, wrapping ErrInvalid, when value
// lacks the prefix, is not base64 (standard or URL alphabet, padded or not), or
// decodes with key into something that is not text (see checkDecoded): the sign
// of a value made with another key.
func Deobfuscate(value string, key []byte) (string, error) {
	rest, ok := strings.CutPrefix(value, obfuscatedPrefix)
	if !ok {
		return "", fmt.Errorf("%w: obfuscated value must start with %s", ErrInvalid, obfuscatedPrefix)
	}
	raw, err := decodeBase64(strings.TrimSpace(rest))
	if err != nil {
		return "", fmt.Errorf("%w: the %s value is not base64", ErrInvalid, obfuscatedPrefix)
	}
	plain := string(xor(raw, keyOr(key)))
	if err := checkDecoded(plain); err != nil {
		return "", fmt.Errorf("%w: the %s value does not decode with this build's parameter key (was it made with another key?): %v",
			ErrInvalid, obfuscatedPrefix, err)
	}
	return plain, nil
}

func keyOr(key []byte) []byte {
	if len(key) == 0 {
		return []byte(builtinKey)
	}
	return key
}

func xor(b, key []byte) []byte {
	out := make([]byte, len(b))
	for i := range b {
		out[i] = b[i] ^ key[i%len(key)]
	}
	return out
}

// LoadOrCreateKey reads the per-install obfuscation key at path, creating a
// random 32-byte one (mode 0600) if the file does not exist.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil {
		if len(key) == 0 {
			return nil, fmt.Errorf("key file %s is empty", path)
		}
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("make key dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process made it first
		return LoadOrCreateKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("write key file: %w", err)
	}
	_, werr := f.Write(key)
	serr := f.Sync()
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		return nil, fmt.Errorf("write key file: %w", err)
	}
	return key, nil
}
