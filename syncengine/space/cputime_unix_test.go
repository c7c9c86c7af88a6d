//go:build unix

package space_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process used so far: on a
// machine shared with other work, it measures the engine's cost where wall
// time measures the neighbours' too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
