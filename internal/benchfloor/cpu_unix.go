//go:build unix

package benchfloor

import (
	"syscall"
	"time"
)

// CPU returns the user and system CPU time the process has used so far.
// On a shared machine a benchmark's CPU time per op varies much less than
// its wall time (other processes take the cores away, not the work).
func CPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
