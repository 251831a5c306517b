package provision

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrSignature means a profile's signature is missing or does not match the key.
var ErrSignature = errors.New("provisioning profile signature")

// NewKey makes a signing key pair, both base64: the private key for --sign-profile, the
// public key for the provisioningkey parameter.
func NewKey() (private, public string, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	return base64.StdEncoding.EncodeToString(priv), base64.StdEncoding.EncodeToString(pub), nil
}

// Sign returns the base64 signature of profile with the base64 private key.
func Sign(private string, profile []byte) (string, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(private))
	if err != nil || len(b) != ed25519.PrivateKeySize {
		return "", fmt.Errorf("signing key: not a base64 ed25519 private key")
	}
	return base64.StdEncoding.EncodeToString(ed25519.Sign(ed25519.PrivateKey(b), profile)), nil
}

// verify checks sig (base64, surrounding space ignored) over profile with the base64
// public key.
func verify(public string, profile, sig []byte) error {
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(public))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: provisioningkey is not a base64 ed25519 public key", ErrSignature)
	}
	s, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sig)))
	if err != nil || len(s) != ed25519.SignatureSize {
		return fmt.Errorf("%w: the signature file is not a base64 ed25519 signature", ErrSignature)
	}
	if !ed25519.Verify(ed25519.PublicKey(pub), profile, s) {
		return fmt.Errorf("%w: does not match provisioningkey (altered, or signed with another key)", ErrSignature)
	}
	return nil
}
