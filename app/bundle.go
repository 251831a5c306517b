package main

import (
	"fmt"
	"os"
	"path/filepath"

	"softphone/phone/params"
)

// applyBundle sets up the phone from an offline kiosk bundle: a folder holding the skin
// (skin/ or skin.toml at the top) and profile.toml (with profile.toml.sig when the profile is
// signed). They are used as the command line's skin and provisioning, so nothing is fetched
// from the network. A bundle missing a part is refused whole, naming what is missing.
func applyBundle(ps *params.Params, dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("bundle %s: not a folder", dir)
	}
	skin := filepath.Join(dir, "skin")
	if _, err := os.Stat(filepath.Join(skin, "skin.toml")); err != nil {
		skin = dir
		if _, err := os.Stat(filepath.Join(dir, "skin.toml")); err != nil {
			return fmt.Errorf("bundle %s has no skin: want skin/skin.toml or skin.toml", dir)
		}
	}
	profile := filepath.Join(dir, "profile.toml")
	if _, err := os.Stat(profile); err != nil {
		return fmt.Errorf("bundle %s has no profile.toml", dir)
	}
	if err := ps.Set("skin", skin, params.CommandLine); err != nil {
		return fmt.Errorf("bundle %s: %w", dir, err)
	}
	if err := ps.Set("provisioning", profile, params.CommandLine); err != nil {
		return fmt.Errorf("bundle %s: %w", dir, err)
	}
	return nil
}
