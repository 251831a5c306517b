package params

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedDir holds the seed's parameter list and what is known about each name.
var seedDir = filepath.Join("..", "..", "testdata", "seed")

// readSeedNames reads parameters.txt: one name a line, # comments and blank lines skipped.
func readSeedNames(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(seedDir, "parameters.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t:") {
			t.Errorf("parameters.txt:%d: %q is not a bare name", n, line)
			continue
		}
		if seen[line] {
			t.Errorf("parameters.txt:%d: %q listed twice", n, line)
		}
		seen[line] = true
		names = append(names, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// readReasons reads a `name: reason` file; each reason must match want.
func readReasons(t *testing.T, file string, want *regexp.Regexp) map[string]string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(seedDir, file))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, ":")
		name, reason = strings.TrimSpace(name), strings.TrimSpace(reason)
		switch {
		case !ok || name == "" || reason == "":
			t.Errorf("%s:%d: %q is not `name: reason`", file, i+1, line)
		case !want.MatchString(reason):
			t.Errorf("%s:%d: %s: reason %q does not match %s", file, i+1, name, reason, want)
		case out[name] != "":
			t.Errorf("%s:%d: %s listed twice", file, i+1, name)
		default:
			out[name] = reason
		}
	}
	return out
}

// Every parameter of the seed is defined, or does not apply to a desktop phone (with the
// reason), or is planned (with the issue that owns it). A name both defined and planned is
// a partial implementation; a defined name must not be called not applicable.
func TestSeedParameters(t *testing.T) {
	names := readSeedNames(t)
	na := readReasons(t, "not_applicable.txt", regexp.MustCompile(`\S{3,}.*\s\S+`))
	planned := readReasons(t, "planned.txt", regexp.MustCompile(`^issue \d+: \S`))
	inSeed := map[string]bool{}
	ps := Standard()
	counts := map[string]int{}
	for _, name := range names {
		inSeed[name] = true
		_, defined := ps.Def(name)
		_, isNA := na[name]
		_, isPlanned := planned[name]
		t.Run(name, func(t *testing.T) {
			switch {
			case isNA && (defined || isPlanned):
				t.Errorf("%s is listed as not applicable but is also defined (%v) or planned (%v)", name, defined, isPlanned)
			case defined && isPlanned:
				counts["partial"]++
			case defined:
				counts["implemented"]++
			case isNA:
				counts["not applicable"]++
			case isPlanned:
				counts["planned"]++
			default:
				t.Errorf("%s: neither defined in phone/params nor listed in not_applicable.txt or planned.txt", name)
			}
		})
	}
	for _, list := range []map[string]string{na, planned} {
		for name := range list {
			if !inSeed[name] {
				t.Errorf("%s is listed but is not in parameters.txt", name)
			}
		}
	}
	t.Logf("%d seed parameters: %d implemented, %d partial, %d planned, %d not applicable", len(names),
		counts["implemented"], counts["partial"], counts["planned"], counts["not applicable"])
}
