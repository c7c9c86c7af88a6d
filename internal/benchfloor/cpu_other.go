//go:build !unix

package benchfloor

import "time"

// CPU returns 0 where getrusage is not available.
func CPU() time.Duration { return 0 }
