package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"softphone/phone/params"
)

// schemes are the URI schemes a branded phone registers for (app/desktopuri.go accepts the
// same ones).
var schemes = []string{"sip", "sips", "tel", "callto"}

// share is where the package puts the brand's skin and profile.
func (b brand) share() string { return "/usr/share/" + b.Binary }

// build compiles the branded binary and writes the packages into out; it returns the
// files written. It runs from the repository's root.
func build(b brand, out string) ([]string, error) {
	if b.profile != "" {
		text, err := os.ReadFile(b.profile)
		if err != nil {
			return nil, err
		}
		if _, err := params.Standard().ParseProfile(b.profile, text); err != nil {
			return nil, err
		}
	}
	stage, err := os.MkdirTemp("", "brand-stage-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	if err := os.Chmod(stage, 0o755); err != nil { // the package's root: /
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if err := b.compile(filepath.Join(stage, "usr", "bin", b.Binary)); err != nil {
		return nil, err
	}
	if err := b.stageShared(stage); err != nil {
		return nil, err
	}
	tarball := filepath.Join(out, fmt.Sprintf("%s-%s-linux-amd64.tar.xz", b.Binary, b.Version))
	if err := run("tar", "-C", stage, "-cJf", tarball, "usr"); err != nil {
		return nil, err
	}
	deb := filepath.Join(out, fmt.Sprintf("%s_%s_amd64.deb", b.Binary, b.Version))
	if err := b.debian(stage); err != nil {
		return nil, err
	}
	if err := run("dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage, deb); err != nil {
		return nil, err
	}
	reg := filepath.Join(out, "windows", b.Binary+"-url-handlers.reg")
	plist := filepath.Join(out, "macos", "Info-URLTypes.plist")
	if err := writeFile(reg, b.windowsRegistry()); err != nil {
		return nil, err
	}
	if err := writeFile(plist, b.macURLTypes()); err != nil {
		return nil, err
	}
	return []string{deb, tarball, reg, plist}, nil
}

// compile builds ./app with the brand's identity and built-in paths.
func (b brand) compile(bin string) error {
	x := map[string]string{
		"main.version": b.Version, "main.appID": b.ID, "main.builtinSkin": b.share() + "/skin",
		"main.builtinProvisioningKey": b.ProvisioningKey, "main.builtinParameterKey": b.ParameterKey,
	}
	if b.profile != "" {
		x["main.builtinProfile"] = b.share() + "/profile.toml"
	}
	flags := []string{"-s", "-w"}
	for k, v := range x {
		if v != "" {
			flags = append(flags, "-X", k+"="+v)
		}
	}
	return run("go", "build", "-trimpath", "-ldflags", strings.Join(flags, " "), "-o", bin, "./app")
}

// stageShared puts the skin, profile, icon and desktop entry into the staging tree.
func (b brand) stageShared(stage string) error {
	skinDir := filepath.Join(stage, b.share(), "skin")
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "brand.toml" || e.Name() == "profile.toml" {
			continue
		}
		if err := copyFile(filepath.Join(b.dir, e.Name()), filepath.Join(skinDir, e.Name())); err != nil {
			return err
		}
	}
	if b.profile != "" {
		if err := copyFile(b.profile, filepath.Join(stage, b.share(), "profile.toml")); err != nil {
			return err
		}
	}
	icon := filepath.Join("assets", "icon.png")
	if b.Icon != "" {
		icon = filepath.Join(b.dir, b.Icon)
	}
	if err := copyFile(icon, filepath.Join(stage, "usr/share/icons/hicolor/256x256/apps", b.Binary+".png")); err != nil {
		return err
	}
	return writeFile(filepath.Join(stage, "usr/share/applications", b.ID+".desktop"), b.desktopEntry())
}

// desktopEntry is the freedesktop entry declaring the URI schemes.
func (b brand) desktopEntry() string {
	var mime strings.Builder
	for _, s := range schemes {
		mime.WriteString("x-scheme-handler/" + s + ";")
	}
	return fmt.Sprintf(`[Desktop Entry]
Type=Application
Name=%s
GenericName=SIP Softphone
Comment=%s
Exec=%s %%u
Icon=%s
Terminal=false
Categories=Network;Telephony;
MimeType=%s
StartupWMClass=%s
`, b.Name, b.Description, b.Binary, b.Binary, mime.String(), b.ID)
}

// debian writes DEBIAN/control and postinst into the staging tree.
func (b brand) debian(stage string) error {
	control := fmt.Sprintf(`Package: %s
Version: %s
Architecture: amd64
Maintainer: %s
Depends: libportaudio2, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1
Section: comm
Priority: optional
Description: %s
`, b.Binary, b.Version, b.Maintainer, b.Description)
	if err := writeFile(filepath.Join(stage, "DEBIAN", "control"), control); err != nil {
		return err
	}
	postinst := "#!/bin/sh\nset -e\ncommand -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true\n"
	path := filepath.Join(stage, "DEBIAN", "postinst")
	if err := writeFile(path, postinst); err != nil {
		return err
	}
	return os.Chmod(path, 0o755)
}

// windowsRegistry registers the installed phone for each scheme for the current user.
func (b brand) windowsRegistry() string {
	var s strings.Builder
	s.WriteString("Windows Registry Editor Version 5.00\r\n")
	exe := `C:\\Program Files\\` + b.Name + `\\` + b.Binary + `.exe`
	for _, sc := range schemes {
		fmt.Fprintf(&s, "\r\n[HKEY_CURRENT_USER\\Software\\Classes\\%s]\r\n@=\"URL:%s (%s)\"\r\n\"URL Protocol\"=\"\"\r\n", sc, strings.ToUpper(sc), b.Name)
		fmt.Fprintf(&s, "\r\n[HKEY_CURRENT_USER\\Software\\Classes\\%s\\shell\\open\\command]\r\n@=\"\\\"%s\\\" \\\"%%1\\\"\"\r\n", sc, exe)
	}
	return s.String()
}

// macURLTypes is the CFBundleURLTypes fragment for the app's Info.plist.
func (b brand) macURLTypes() string {
	var s strings.Builder
	s.WriteString("<key>CFBundleURLTypes</key>\n<array>\n")
	for _, sc := range schemes {
		fmt.Fprintf(&s, "  <dict>\n    <key>CFBundleURLName</key><string>%s.%s</string>\n    <key>CFBundleURLSchemes</key><array><string>%s</string></array>\n  </dict>\n", b.ID, sc, sc)
	}
	s.WriteString("</array>\n")
	return s.String()
}

// run runs a command, its output going to ours.
func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// writeFile writes text to path, making its folder.
func writeFile(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// copyFile copies src to dst, making dst's folder.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
