package clocale

import "testing"

func TestNormalise(t *testing.T) {
	env := map[string]string{"LANG": "C.UTF-8", "LC_ALL": "POSIX.utf8", "LC_MESSAGES": "pt_BR.UTF-8", "LANGUAGE": "C"}
	normalise(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
	want := map[string]string{"LANG": "C", "LC_ALL": "POSIX", "LC_MESSAGES": "pt_BR.UTF-8", "LANGUAGE": "C"}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
}
