package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"softphone/skins"
)

// brand is what brand.toml says, with the folder it came from.
type brand struct {
	Name            string `toml:"name"`            // product name, e.g. "Acme Phone"
	Binary          string `toml:"binary"`          // command and package name, e.g. "acmephone"
	ID              string `toml:"id"`              // application id, reverse DNS
	Version         string `toml:"version"`         // e.g. "1.2.0"
	Maintainer      string `toml:"maintainer"`      // "Name <mail>"
	Description     string `toml:"description"`     // one line
	Icon            string `toml:"icon"`            // PNG in the folder; the product's icon when empty
	ProvisioningKey string `toml:"provisioningkey"` // base64 ed25519 key built in, optional
	ParameterKey    string `toml:"parameterkey"`    // key of the brand's encrypted__3__ parameter values, optional

	dir     string // the brand folder
	profile string // profile.toml in the folder, "" when there is none
}

var (
	binaryName = regexp.MustCompile(`^[a-z0-9][a-z0-9+.-]{1,40}$`)
	appID      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*){2,}$`)
	version    = regexp.MustCompile(`^[0-9][A-Za-z0-9.+~-]*$`)
)

// loadBrand reads and checks a brand folder; errors name the file and the key.
func loadBrand(dir string) (brand, error) {
	path := filepath.Join(dir, "brand.toml")
	var b brand
	md, err := toml.DecodeFile(path, &b)
	if err != nil {
		return b, fmt.Errorf("%s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return b, fmt.Errorf("%s: unknown key %q", path, und[0].String())
	}
	for key, c := range map[string]struct {
		value string
		re    *regexp.Regexp
		want  string
	}{
		"binary":  {b.Binary, binaryName, "lower case letters, digits, + . -"},
		"id":      {b.ID, appID, "reverse DNS such as com.example.phone"},
		"version": {b.Version, version, "a version starting with a digit, such as 1.2.0"},
	} {
		if !c.re.MatchString(c.value) {
			return b, fmt.Errorf("%s: %s = %q: want %s", path, key, c.value, c.want)
		}
	}
	if strings.ContainsFunc(b.ParameterKey, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return b, fmt.Errorf("%s: parameterkey: want printable ASCII without spaces (it is built in with -ldflags -X)", path)
	}
	if b.Name == "" {
		return b, fmt.Errorf("%s: name is empty", path)
	}
	if b.Maintainer == "" {
		b.Maintainer = b.Name + " <support@invalid>"
	}
	if b.Description == "" {
		b.Description = b.Name + ", a SIP softphone"
	}
	if _, err := skins.LoadDir(dir); err != nil {
		return b, fmt.Errorf("the brand folder is not a skin: %w", err)
	}
	if b.Icon != "" {
		if _, err := os.Stat(filepath.Join(dir, b.Icon)); err != nil {
			return b, fmt.Errorf("%s: icon: %w", path, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "profile.toml")); err == nil {
		b.profile = filepath.Join(dir, "profile.toml")
	}
	b.dir = dir
	return b, nil
}
