package params

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// WriteTOMLAtomic writes values as a flat TOML table to path, replacing it
// atomically: a temporary file in the same folder is written, synced and
// renamed over path, so readers see the old or the new file, never half of
// one. Secret values (the Standard secrets unless WithSecrets is given) are
// written obfuscated with the key of WithKey (default: built-in). The file is
// created with mode 0600.
func WriteTOMLAtomic(path string, values map[string]string, opts ...Option) error {
	o := buildOptions(opts)
	secrets := o.secrets
	if secrets == nil {
		for _, d := range StandardDefs() {
			if d.Kind == Secret {
				secrets = append(secrets, d.Name)
				secrets = append(secrets, d.Aliases...)
			}
		}
	}
	out := make(map[string]string, len(values))
	for k, v := range values {
		if isSecret(k, secrets) && v != "" && !strings.HasPrefix(v, obfuscatedPrefix) {
			v = Obfuscate(v, o.key)
		}
		out[k] = v
	}
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(out); err != nil {
		return fmt.Errorf("params: encode %s: %w", path, err)
	}
	return writeAtomic(path, buf.Bytes())
}

func isSecret(name string, secrets []string) bool {
	for _, s := range secrets {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}

// writeAtomic writes data to a temporary file next to path, syncs it and
// renames it over path, then syncs the folder.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("params: write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("params: write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return fmt.Errorf("params: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("params: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("params: close %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("params: rename %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
