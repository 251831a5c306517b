package params

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Where a saved secret lives.
const (
	inKeychain = "keychain"
	inFile     = "file"
)

// secretStore keeps the secrets a user saves (password, md5, ...): in the OS keychain when
// there is one, else in an encrypted file next to the settings (AES-256-GCM with a key
// derived from the per-install settings key). The file also records which secrets are in
// the keychain, so a start that saved none never touches it. Secrets never reach the
// settings file, a log or a notice.
type secretStore struct {
	path    string // secrets.enc in the settings folder
	service string // keychain service: the product and the settings folder, so two settings folders never share
	aead    cipher.AEAD
	note    func(Notice)

	mu    sync.Mutex
	state secretFile
}

// secretFile is the fallback file's content, before encryption.
type secretFile struct {
	Where  map[string]string `json:"where"`  // name -> inKeychain or inFile
	Values map[string]string `json:"values"` // the secrets kept in the file
}

// openSecretStore reads the fallback file in dir (missing is fine) with a key derived from
// settingsKey and returns the saved secrets, those in the keychain read from it. A secret
// that cannot be read, or a file that does not decrypt, is a warning notice, not an error:
// the phone starts and a user enters it again.
func openSecretStore(dir string, settingsKey []byte, note func(Notice)) (*secretStore, map[string]string, error) {
	k := sha256.Sum256(append([]byte("softphone secrets v1\x00"), settingsKey...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	s := &secretStore{path: filepath.Join(dir, "secrets.enc"), service: "softphone " + dir, aead: aead, note: note,
		state: secretFile{Where: map[string]string{}, Values: map[string]string{}}}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, map[string]string{}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("saved secrets: %w", err)
	}
	if err := s.decrypt(data); err != nil {
		// The phone goes on without the saved secrets; the damaged file is kept aside.
		kept := s.path + ".damaged"
		if rerr := os.Rename(s.path, kept); rerr != nil {
			kept = s.path
		}
		note(Notice{Warning: true, Text: fmt.Sprintf("saved passwords in %s not read: %v; kept as %s, enter them again", s.path, err, kept)})
		return s, map[string]string{}, nil
	}
	out := map[string]string{}
	for name, where := range s.state.Where {
		switch where {
		case inFile:
			out[name] = s.state.Values[name]
		case inKeychain:
			v, err := keychainGet(s.service, name)
			if err != nil {
				note(Notice{Warning: true, Text: fmt.Sprintf("saved %s not read from %s: %v; enter it again", name, keychainName(), err)})
				continue
			}
			out[name] = v
		}
	}
	return s, out, nil
}

// save keeps value for name: in the keychain if it takes it, else in the file; an empty
// value removes the secret from both. A notice says where it went.
func (s *secretStore) save(name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if value == "" {
		err := s.drop(name)
		if werr := s.write(); werr != nil {
			return werr
		}
		return err
	}
	if err := keychainSet(s.service, name, value); err == nil {
		s.state.Where[name] = inKeychain
		delete(s.state.Values, name)
		s.note(Notice{Text: fmt.Sprintf("%s saved in %s", name, keychainName())})
	} else {
		s.state.Where[name], s.state.Values[name] = inFile, value
		s.note(Notice{Warning: true, Text: fmt.Sprintf("%s saved in the encrypted file %s: %v", name, s.path, err)})
	}
	return s.write()
}

// drop removes name from the keychain (when it is there) and the file's state. Callers hold s.mu.
func (s *secretStore) drop(name string) error {
	where := s.state.Where[name]
	delete(s.state.Where, name)
	delete(s.state.Values, name)
	if where == inKeychain {
		if err := keychainDelete(s.service, name); err != nil {
			return fmt.Errorf("remove %s from %s: %w", name, keychainName(), err)
		}
	}
	return nil
}

// forget removes every saved secret (delsettings).
func (s *secretStore) forget() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for name := range s.state.Where {
		errs = append(errs, s.drop(name))
	}
	return errors.Join(append(errs, s.write())...)
}

// write replaces the file atomically with the encrypted state. Callers hold s.mu.
func (s *secretStore) write() error {
	plain, err := json.Marshal(s.state)
	if err != nil {
		return err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	return writeAtomic(s.path, s.aead.Seal(nonce, nonce, plain, nil))
}

// decrypt reads the file's content into s.state.
func (s *secretStore) decrypt(data []byte) error {
	n := s.aead.NonceSize()
	if len(data) < n {
		return errors.New("too short")
	}
	plain, err := s.aead.Open(nil, data[:n], data[n:], nil)
	if err != nil {
		return errors.New("does not decrypt with this install's settings key")
	}
	var st secretFile
	if err := json.Unmarshal(plain, &st); err != nil {
		return err
	}
	if st.Where != nil {
		s.state.Where = st.Where
	}
	if st.Values != nil {
		s.state.Values = st.Values
	}
	return nil
}
