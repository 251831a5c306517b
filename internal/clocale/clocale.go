// Package clocale reads a "C.UTF-8" (or "POSIX.UTF-8") locale as plain "C" before Fyne looks
// at it. Debian, containers and systemd services commonly run with LANG=C.UTF-8: the C locale
// (no translation) with UTF-8 text. Fyne's locale lookup takes "C" from it as a language tag and
// logs "Fyne error: Error parsing user locale C" at start-up, in the window and headless alike.
// Plain "C" is what it understands as "no language set", and it is what the variable means.
//
// Import it for its side effect from the main package. Go initialises packages in import-path
// order as far as dependencies allow (Go 1.21+): this package needs only os, so it runs before
// fyne.io/fyne/v2/lang, which needs text/template and runs its lookup in its own init.
package clocale

import (
	"os"
	"strings"
)

func init() { normalise(os.Getenv, os.Setenv) }

// normalise rewrites each locale variable that names C or POSIX with a charset to the bare name.
func normalise(get func(string) string, set func(string, string) error) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		v := get(name)
		base, _, found := strings.Cut(v, ".")
		if found && (base == "C" || base == "POSIX") {
			_ = set(name, base)
		}
	}
}
