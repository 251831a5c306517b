package params

import (
	"errors"
	"fmt"
	"strings"
)

// envPrefix starts the environment variables ApplyEnv reads.
const envPrefix = "SOFTPHONE_"

// ApplySet sets "name=value" items (from repeatable --set flags) as src.
// Every valid item is applied; the errors of the others are joined.
func (p *Params) ApplySet(list []string, src Source) error {
	var errs []error
	for _, item := range list {
		name, value, ok := strings.Cut(item, "=")
		if !ok || strings.TrimSpace(name) == "" {
			errs = append(errs, &Error{Name: item, Err: ErrInvalid, msg: fmt.Sprintf("set %q: want name=value", item)})
			continue
		}
		if err := p.Set(strings.TrimSpace(name), value, src); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ApplyEnv sets SOFTPHONE_<NAME>=value entries of environ (as from
// os.Environ) with the Environment source; other variables are ignored.
// Errors name the variable.
func (p *Params) ApplyEnv(environ []string) error {
	var errs []error
	for _, kv := range environ {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || len(key) <= len(envPrefix) || !strings.EqualFold(key[:len(envPrefix)], envPrefix) {
			continue
		}
		if err := p.Set(strings.ToLower(key[len(envPrefix):]), value, Environment); err != nil {
			errs = append(errs, fmt.Errorf("environment %s: %w", key, err))
		}
	}
	return errors.Join(errs...)
}
