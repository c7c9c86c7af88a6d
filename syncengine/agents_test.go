package syncengine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seed1bfafebe/gitsync/syncengine"
)

const (
	testAgentsStart = "<!-- gitbook-agent-instructions:start -->"
	testAgentsEnd   = "<!-- gitbook-agent-instructions:end -->"
)

// TestExportAgentInstructions: with agent instructions, the export writes
// AGENTS.md at the repository root when absent (the space living in a
// folder), replaces only the marked block of one that has it, leaves a
// user's file without the markers alone, and writes nothing when the block
// is already there; without them it never touches AGENTS.md.
func TestExportAgentInstructions(t *testing.T) {
	block := testAgentsStart + "\n\n## Editing\n\nKeep the front matter.\n\n" + testAgentsEnd
	instr := block + "\n"
	old := testAgentsStart + "\n\nOld words.\n\n" + testAgentsEnd
	for _, tc := range []struct {
		name   string
		agents *string // the base's AGENTS.md; nil when absent
		instr  []byte
		want   *string // AGENTS.md after the export; nil when absent
		change string  // the one change, "" for none
	}{
		{name: "absent, written", instr: []byte(instr), want: &instr, change: "added AGENTS.md"},
		{name: "absent, no instructions", instr: nil},
		{name: "absent, text without markers is framed", instr: []byte("## Editing\n\nKeep the front matter.\n"),
			want: &instr, change: "added AGENTS.md"},
		{name: "marked block replaced, the user's text kept", agents: ptr("# Mine\n\n" + old + "\n\nMore of mine.\n"), instr: []byte(instr),
			want: ptr("# Mine\n\n" + block + "\n\nMore of mine.\n"), change: "modified AGENTS.md"},
		{name: "block already there", agents: ptr("# Mine\n\n" + block + "\n"), instr: []byte(instr),
			want: ptr("# Mine\n\n" + block + "\n")},
		{name: "user's file without markers", agents: ptr("# My agents\n"), instr: []byte(instr), want: ptr("# My agents\n")},
		{name: "nil leaves an old block", agents: ptr(old + "\n"), instr: nil, want: ptr(old + "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for p, s := range includesRepo {
				files[p] = s
			}
			if tc.agents != nil {
				files["AGENTS.md"] = *tc.agents
			}
			f := newFixture(t, files)
			rev := importIncludes(t, f, syncengine.ImportOptions{}).Revision
			res := f.export(rev, syncengine.ExportOptions{ProjectDir: "space", AgentInstructions: tc.instr})
			var want []string
			if tc.change != "" {
				want = []string{tc.change}
			}
			if got := changesOf(res); !cmp.Equal(got, want) {
				t.Fatalf("changes = %q, want %q", got, want)
			}
			commit := res.Commit
			if commit == "" {
				commit = f.tip.String()
			}
			got, ok := f.files(commit)["AGENTS.md"]
			switch {
			case tc.want == nil && ok:
				t.Errorf("AGENTS.md written:\n%s", got)
			case tc.want != nil && got != *tc.want:
				t.Errorf("AGENTS.md:\n%s\nwant:\n%s", got, *tc.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }
