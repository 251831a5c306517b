package provision

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// maxProfile bounds a profile (and its signature): a real one is a few KiB.
const maxProfile = 1 << 20

// fetchTimeout bounds one fetch.
const fetchTimeout = 15 * time.Second

// fetch reads src: an https:// URL (system trust store; SSL_CERT_FILE adds a private CA), a
// file:// URL or a path. Errors name src.
func fetch(ctx context.Context, client *http.Client, src string) ([]byte, error) {
	if !strings.Contains(src, "://") {
		return readFile(src)
	}
	u, err := url.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("provisioning %q: %w", src, err)
	}
	if strings.EqualFold(u.Scheme, "file") {
		return readFile(u.Path)
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return nil, fmt.Errorf("provisioning %q: only https://, file:// or a path", src)
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, fmt.Errorf("provisioning %q: %w", src, err)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("provisioning server: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("provisioning server: GET %s answered %s", src, res.Status)
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, maxProfile+1))
	if err != nil {
		return nil, fmt.Errorf("provisioning server: reading %s: %w", src, err)
	}
	if len(b) > maxProfile {
		return nil, fmt.Errorf("provisioning %s: larger than %d bytes", src, maxProfile)
	}
	return b, nil
}

// readFile reads a local profile, bounded like a fetched one.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("provisioning file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxProfile+1))
	if err != nil {
		return nil, fmt.Errorf("provisioning file %s: %w", path, err)
	}
	if len(b) > maxProfile {
		return nil, fmt.Errorf("provisioning file %s: larger than %d bytes", path, maxProfile)
	}
	return b, nil
}
