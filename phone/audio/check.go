package audio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// matchName returns the index of the name that equals want, else of the first that contains
// it (both case-insensitive), else -1: how a device is named by its name "or part of it".
func matchName(names []string, want string) int {
	for i, n := range names {
		if strings.EqualFold(n, want) {
			return i
		}
	}
	lower := strings.ToLower(want)
	for i, n := range names {
		if strings.Contains(strings.ToLower(n), lower) {
			return i
		}
	}
	return -1
}

// Check reports whether the device a spec names exists now, without opening it: a listed
// device of its driver (by name or part of it), a readable file for a file: input, an existing
// folder for a file: output. The default device and null always pass. The error lists the
// devices there are, for the message a user sees.
func (d *Drivers) Check(spec string, output bool) error {
	kind := "input"
	if output {
		kind = "output"
	}
	drv, name, err := d.resolve(kind, spec)
	if err != nil {
		return fmt.Errorf("%w; devices: %s", err, strings.Join(d.specs(output), ", "))
	}
	switch {
	case drv.Name() == NullDriverName || isDefaultName(name) && drv.Name() != FileDriverName:
		return nil
	case drv.Name() == FileDriverName:
		return checkFile(name, output)
	}
	list, _ := drv.Inputs()
	if output {
		list, _ = drv.Outputs()
	}
	names := make([]string, len(list))
	for i, di := range list {
		names[i] = di.Name
	}
	if matchName(names, name) >= 0 {
		return nil
	}
	return fmt.Errorf("%w: no %s device %q; devices: %s", ErrNoDevice, kind, spec, strings.Join(d.specs(output), ", "))
}

// checkFile checks a file: device's path.
func checkFile(path string, output bool) error {
	if isDefaultName(path) {
		return fmt.Errorf("%w: the file driver needs a path, e.g. file:/tmp/x.wav", ErrBadSpec)
	}
	if output {
		dir := filepath.Dir(path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("%w: file:%s: folder %q does not exist", ErrNoDevice, path, dir)
		}
		return nil
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("%w: file:%s: %w", ErrUnreadableWAV, path, err)
	}
	return nil
}

// specs lists the specs of every listed device of one direction, quoted.
func (d *Drivers) specs(output bool) []string {
	var out []string
	for _, di := range d.List() {
		if di.Output == output {
			out = append(out, fmt.Sprintf("%q", di.Spec()))
		}
	}
	if len(out) == 0 {
		return []string{"none listed (file:PATH.wav and null always work)"}
	}
	return out
}
