// Command brand builds a provider's branded packages from a brand folder: a skin folder
// (skin.toml, its images) plus brand.toml naming the product, and optionally profile.toml
// (built-in defaults and locks, the provisioning profile format) and icon.png. It writes, in
// the output folder, a Debian package and a tar.xz for Linux, the Windows registry file and
// the macOS Info.plist fragment that register the phone for sip:, sips:, tel: and callto:.
//
//	go run ./internal/cmd/brand BRAND_DIR [OUT_DIR]     (scripts/brand does this)
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: brand BRAND_DIR [OUT_DIR]")
		os.Exit(2)
	}
	b, err := loadBrand(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "brand:", err)
		os.Exit(1)
	}
	out := filepath.Join("dist", b.Binary)
	if len(os.Args) == 3 {
		out = os.Args[2]
	}
	files, err := build(b, out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "brand:", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Println(f)
	}
}
