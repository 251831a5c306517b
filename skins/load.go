package skins

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed default dark click2call kiosk
var bundled embed.FS

// Default is the name of the skin used when none is chosen or the chosen one is broken.
const Default = "default"

// skinFile is the name of a skin's TOML file inside its folder.
const skinFile = "skin.toml"

// Names returns the bundled skins' names.
func Names() []string { return []string{Default, "dark", "click2call", "kiosk"} }

// Load returns the bundled skin called name (e.g. "default").
func Load(name string) (Skin, error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return Skin{}, fmt.Errorf("%w: bad name %q", ErrUnknownSkin, name)
	}
	if _, err := fs.Stat(bundled, path.Join(name, skinFile)); err != nil {
		return Skin{}, fmt.Errorf("%w: %q", ErrUnknownSkin, name)
	}
	sub, err := fs.Sub(bundled, name)
	if err != nil {
		return Skin{}, fmt.Errorf("%w: %q: %v", ErrUnknownSkin, name, err)
	}
	return LoadFS(sub, name, path.Join(name, skinFile))
}

// LoadDir reads the skin in folder dir (dir/skin.toml and the assets it names).
func LoadDir(dir string) (Skin, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return Skin{}, fmt.Errorf("%w: %q is not a folder", ErrUnknownSkin, dir)
	}
	return LoadFS(os.DirFS(dir), dir, filepath.Join(dir, skinFile))
}

// Select reads a skin given as a bundled name or a folder path, as the skin parameter holds it.
func Select(ref string) (Skin, error) {
	if ref == "" {
		ref = Default
	}
	if strings.ContainsAny(ref, `/\.`) {
		return LoadDir(ref)
	}
	return Load(ref)
}

// LoadOrDefault reads the skin ref like Select; when that fails it returns the default skin
// together with the error, so the phone starts and can show what was wrong.
func LoadOrDefault(ref string) (Skin, error) {
	s, err := Select(ref)
	if err == nil {
		return s, nil
	}
	def, derr := Load(Default)
	if derr != nil {
		return Skin{}, errors.Join(err, derr)
	}
	return def, err
}

// LoadFS reads skin.toml from fsys, checks it and reads the logo it names. name is the skin's
// name and file the path errors show for skin.toml.
func LoadFS(fsys fs.FS, name, file string) (Skin, error) {
	data, err := fs.ReadFile(fsys, skinFile)
	if err != nil {
		return Skin{}, fileErr(file, "", ErrMissingAsset, "%v", err)
	}
	s, err := parse(data, file)
	if err != nil {
		return Skin{}, err
	}
	s.Name = name
	if s.Logo != "" {
		if s.LogoData, err = readLogo(fsys, s.Logo); err != nil {
			return Skin{}, &Error{File: file, Key: "logo", Err: err}
		}
	}
	return s, nil
}

// ReadLogoFile reads a logo image from the file at path (absolute, or relative to the working
// folder) and checks it is a PNG or SVG file, as a skin's logo is checked.
func ReadLogoFile(path string) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrMissingAsset, path, err)
	}
	return readLogo(os.DirFS(filepath.Dir(abs)), filepath.Base(abs))
}

// readLogo reads the logo at p in fsys and checks it is a PNG or SVG file.
func readLogo(fsys fs.FS, p string) ([]byte, error) {
	p = filepath.ToSlash(p)
	if !fs.ValidPath(p) {
		return nil, fmt.Errorf("%w: %q must stay inside the skin folder", ErrBadValue, p)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrMissingAsset, p, err)
	}
	png := []byte("\x89PNG\r\n\x1a\n")
	if strings.HasSuffix(strings.ToLower(p), ".png") {
		if !bytes.HasPrefix(data, png) {
			return nil, fmt.Errorf("%w: %q is not a PNG image", ErrBadValue, p)
		}
		return data, nil
	}
	if !bytes.Contains(data, []byte("<svg")) {
		return nil, fmt.Errorf("%w: %q is not an SVG image", ErrBadValue, p)
	}
	return data, nil
}
