// Command softphone is a SIP softphone: a Fyne window by default, or --headless for a phone
// driven only by its control API (parameter apiaddress).
package main

import (
	"fmt"
	"os"

	_ "softphone/internal/clocale" // before Fyne reads the locale: LANG=C.UTF-8 is plain C
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exit codes
const (
	exitOK    = 0
	exitUsage = 2
	exitFail  = 1
)

// fail prints an error and returns the failure exit code.
func fail(stderr *os.File, code int, format string, args ...any) int {
	fmt.Fprintf(stderr, "softphone: "+format+"\n", args...)
	return code
}
