package benchfloor

import "time"

// CPUUnit is the unit of what a benchmark reports next to ns/op: CPU time per op
// (package testing's b.ReportMetric(v, CPUUnit)).
const CPUUnit = "cpu-ns/op"

// CPUSince returns the CPU time per op since start over n ops, for
// b.ReportMetric(benchfloor.CPUSince(start, b.N), benchfloor.CPUUnit).
func CPUSince(start time.Duration, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(CPU()-start) / float64(n)
}
