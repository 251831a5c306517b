package params

import (
	"fmt"
	"strconv"
	"strings"
)

// normalize validates value for d and returns its stored form.
func normalize(d Def, value string) (string, error) {
	if d.Kind != String && d.Kind != Secret {
		value = strings.TrimSpace(value)
	}
	if d.Check != nil {
		v, err := d.Check(value)
		if err != nil {
			return "", invalid(d, value, err.Error())
		}
		value = v
	}
	switch d.Kind {
	case Int:
		n, err := strconv.Atoi(value)
		if err != nil {
			return "", invalid(d, value, "is not a whole number")
		}
		if (d.Min != 0 || d.Max != 0) && (n < d.Min || n > d.Max) {
			return "", invalid(d, value, fmt.Sprintf("is out of range %d-%d", d.Min, d.Max))
		}
		return strconv.Itoa(n), nil
	case Bool:
		b, ok := parseBool(value)
		if !ok {
			return "", invalid(d, value, "is not a boolean (true/false, 1/0, yes/no, on/off)")
		}
		return strconv.FormatBool(b), nil
	case Enum:
		for _, e := range d.Enum {
			if strings.EqualFold(e, value) {
				return e, nil
			}
		}
		return "", invalid(d, value, "is not one of "+strings.Join(d.Enum, ", "))
	}
	return value, nil
}

// invalid builds an ErrInvalid error; secret values are not repeated.
func invalid(d Def, value, reason string) error {
	shown := fmt.Sprintf("value %q", value)
	if d.Kind == Secret {
		shown = "value"
	}
	return &Error{Name: d.Name, Err: ErrInvalid, msg: fmt.Sprintf("parameter %q: %s %s", d.Name, shown, reason)}
}

// parseBool accepts 1/0, true/false, yes/no, on/off in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}
