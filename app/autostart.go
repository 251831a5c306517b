package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// autostartName is the file (or registry value) name of the phone's autostart entry.
func autostartName() string { return appID }

// setAutostart makes the desktop start the phone at login (on) or stops it (off): an XDG
// autostart entry on Linux, a LaunchAgent on macOS, the Run registry key on Windows. exe is
// the program to start.
func setAutostart(on bool, exe string) error {
	switch runtime.GOOS {
	case "windows":
		key := `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`
		if on {
			return exec.Command("reg", "add", key, "/v", autostartName(), "/d", `"`+exe+`"`, "/f").Run()
		}
		_ = exec.Command("reg", "delete", key, "/v", autostartName(), "/f").Run()
		return nil
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return err
		}
		path := filepath.Join(home, "Library", "LaunchAgents", autostartName()+".plist")
		return writeOrRemove(path, on, fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>Label</key><string>%s</string>
  <key>ProgramArguments</key><array><string>%s</string></array>
  <key>RunAtLoad</key><true/>
</dict></plist>
`, autostartName(), exe))
	default:
		dir, err := os.UserConfigDir()
		if err != nil {
			return err
		}
		path := filepath.Join(dir, "autostart", autostartName()+".desktop")
		return writeOrRemove(path, on, fmt.Sprintf(`[Desktop Entry]
Type=Application
Name=Softphone
Exec=%q
Icon=softphone
Terminal=false
X-GNOME-Autostart-enabled=true
`, exe))
	}
}

// writeOrRemove writes text to path (on) or removes path (off, nothing to do when absent).
func writeOrRemove(path string, on bool, text string) error {
	if !on {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
