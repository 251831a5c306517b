package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"--headless", "--set", "username=1000", "--set", "password=x", "sip:1001@pbx"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !o.headless || len(o.sets) != 2 || o.sets[0] != "username=1000" || o.dial != "sip:1001@pbx" {
		t.Fatalf("options %+v", o)
	}
	if _, err := parseFlags([]string{"a", "b"}, io.Discard); err == nil {
		t.Fatal("two URIs accepted")
	}
	if _, err := parseFlags([]string{"--nosuchflag"}, io.Discard); err == nil {
		t.Fatal("unknown flag accepted")
	}
}

func TestLoadParamsSources(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "phone.toml")
	os.WriteFile(cfg, []byte("serveraddress = \"pbx.example.com\"\nusername = \"1000\"\n"), 0o600)
	t.Setenv("SOFTPHONE_USERNAME", "2000")
	ps, err := loadParams(options{config: cfg, sets: []string{"displayname=Desk"}})
	if err != nil {
		t.Fatal(err)
	}
	if ps.Get("serveraddress") != "pbx.example.com" || ps.Get("username") != "2000" || ps.Get("displayname") != "Desk" {
		t.Fatalf("server %q user %q display %q", ps.Get("serveraddress"), ps.Get("username"), ps.Get("displayname"))
	}
	for _, bad := range [][]string{{"nosuch=1"}, {"register=9"}, {"transport=carrier-pigeon"}} {
		_, err := loadParams(options{sets: bad})
		name, _, _ := strings.Cut(bad[0], "=")
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("--set %s: error %v does not name the parameter", bad[0], err)
		}
	}
}
