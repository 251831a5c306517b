package params

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// LoadTOML sets parameters from a TOML file as src. The file is a flat table
// (name = "value" | 123 | true); tables such as [account] are flattened by key
// name and arrays of strings are joined with commas. Every valid key is
// applied; the errors of the others (unknown key, bad value) are joined, each
// naming the file, the line where it can be found, and the key.
func (p *Params) LoadTOML(path string, src Source) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("params: %w", err)
	}
	data, md, err := decodeTOML(path, text, "TOML syntax")
	if err != nil {
		return err
	}
	var errs []error
	for _, key := range md.Keys() {
		v, ok := lookupKey(data, key)
		if !ok {
			continue
		}
		where := path
		if line := keyLine(string(text), key); line > 0 {
			where = fmt.Sprintf("%s:%d", path, line)
		}
		name := key[len(key)-1]
		value, err := tomlString(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: key %q: %w", where, key.String(), err))
			continue
		}
		if err := p.Set(name, value, src); err != nil {
			errs = append(errs, fmt.Errorf("%s: key %q: %w", where, key.String(), err))
		}
	}
	return errors.Join(errs...)
}

// decodeTOML parses text (from the file or URL name); a syntax error names the line, with
// what before its message (e.g. "TOML syntax").
func decodeTOML(name string, text []byte, what string) (map[string]any, toml.MetaData, error) {
	var data map[string]any
	md, err := toml.Decode(string(text), &data)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, md, &Error{Err: ErrInvalid, msg: fmt.Sprintf("%s:%d: %s: %s", name, pe.Position.Line, what, pe.Message)}
		}
		return nil, md, &Error{Err: ErrInvalid, msg: fmt.Sprintf("%s: %s: %v", name, what, err)}
	}
	return data, md, nil
}

// lookupKey returns the leaf value at key; tables are not leaves.
func lookupKey(data map[string]any, key toml.Key) (any, bool) {
	var cur any = data
	for _, part := range key {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur = m[part]
	}
	if _, isTable := cur.(map[string]any); isTable {
		return nil, false
	}
	return cur, true
}

// tomlString converts a TOML leaf value to the string Set takes.
func tomlString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return "", &Error{Err: ErrInvalid, msg: "arrays may hold only strings"}
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", &Error{Err: ErrInvalid, msg: fmt.Sprintf("TOML type %T is not supported", v)}
}

// keyLine finds the line defining key (a table's keys follow its [header]);
// 0 when not found, e.g. for dotted or inline-table keys.
func keyLine(text string, key toml.Key) int {
	table := strings.Join(key[:len(key)-1], ".")
	leaf := regexp.MustCompile(`^\s*("?)` + regexp.QuoteMeta(key[len(key)-1]) + `("?)\s*=`)
	header := regexp.MustCompile(`^\s*\[\s*([^\]]*?)\s*\]`)
	current := ""
	for i, line := range strings.Split(text, "\n") {
		if m := header.FindStringSubmatch(line); m != nil {
			current = strings.ReplaceAll(m[1], " ", "")
			continue
		}
		if current == table && leaf.MatchString(line) {
			return i + 1
		}
	}
	return 0
}
