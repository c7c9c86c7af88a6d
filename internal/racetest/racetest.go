// Package racetest tells tests whether the race detector is on, so that
// sweeps over the whole corpus, which exercise no concurrency of their own
// and run many times slower under it, run once without it (.ci/run runs
// the suite both ways).
package racetest

// SkipSweep skips a corpus sweep under the race detector. Call it in the
// Test function itself, not in a helper: .ci/run finds the sweeps to run
// without -race by this call, and fails when it stands anywhere else.
func SkipSweep(t interface{ Skip(...any) }) {
	if Enabled {
		t.Skip("corpus sweep: runs without -race (see .ci/run)")
	}
}
