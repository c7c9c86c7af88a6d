// Package racetest tells tests whether the race detector is on, so that
// sweeps over the whole corpus, which exercise no concurrency of their own
// and run many times slower under it, run once without it (.ci/run runs
// the suite both ways).
package racetest

// SkipSweep skips a corpus sweep under the race detector.
func SkipSweep(t interface{ Skip(...any) }) {
	if Enabled {
		t.Skip("corpus sweep: runs without -race (see .ci/run)")
	}
}
