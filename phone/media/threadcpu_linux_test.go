package media

import (
	"syscall"
	"time"
)

// rusageThread is Linux's RUSAGE_THREAD (the syscall package does not name it).
const rusageThread = 1

// threadCPU is the CPU time the calling OS thread has used (user and system),
// so a benchmark on a loaded machine can report its own cost apart from the
// time it waited for a core. ok is false where it cannot be measured.
func threadCPU() (d time.Duration, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
