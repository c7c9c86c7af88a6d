package syncengine

import (
	"bytes"
	"errors"
	"io/fs"
)

// The agent instructions file GitBook's Git Sync keeps at the repository
// root, and the markers around the block it owns there.
const (
	agentsFile  = "AGENTS.md"
	agentsStart = "<!-- gitbook-agent-instructions:start -->"
	agentsEnd   = "<!-- gitbook-agent-instructions:end -->"
)

// markedRegion returns where the agent instructions block of data starts
// and ends (just past the end marker); ok is false unless data holds the
// start marker followed by the end marker.
func markedRegion(data []byte) (start, end int, ok bool) {
	i := bytes.Index(data, []byte(agentsStart))
	if i < 0 {
		return 0, 0, false
	}
	j := bytes.Index(data[i+len(agentsStart):], []byte(agentsEnd))
	if j < 0 {
		return 0, 0, false
	}
	return i, i + len(agentsStart) + j + len(agentsEnd), true
}

// agentsBlock is the block the instructions put between the markers: their
// own marked region, or the whole text wrapped in the markers.
func agentsBlock(instr []byte) []byte {
	if i, j, ok := markedRegion(instr); ok {
		return instr[i:j]
	}
	var b bytes.Buffer
	b.WriteString(agentsStart + "\n\n")
	b.Write(bytes.TrimRight(instr, "\n"))
	b.WriteString("\n\n" + agentsEnd)
	return b.Bytes()
}

// agentsContent is what an export writes at the repository root's
// AGENTS.md, given what the base tree holds there (have false when
// absent); ok is false when the file must be left as it is. See
// ExportOptions.AgentInstructions.
func agentsContent(instr, cur []byte, have bool) ([]byte, bool) {
	if !have {
		if _, _, ok := markedRegion(instr); ok {
			return instr, true
		}
		return append(agentsBlock(instr), '\n'), true
	}
	i, j, ok := markedRegion(cur)
	if !ok {
		return nil, false // the user's own file, without GitBook's block
	}
	block := agentsBlock(instr)
	if bytes.Equal(cur[i:j], block) {
		return nil, false
	}
	out := make([]byte, 0, len(cur)-(j-i)+len(block))
	out = append(out, cur[:i]...)
	out = append(out, block...)
	return append(out, cur[j:]...), true
}

// planAgents adds the repository root's AGENTS.md to what the export
// writes, when the options give agent instructions and the file needs
// them. A page of the space stored there wins.
func (x *exporter) planAgents() {
	instr := x.opts.AgentInstructions
	if instr == nil {
		return
	}
	p := contentRel(x.root, agentsFile)
	if x.takenPaths[p] || x.owned[p] {
		return
	}
	var cur []byte
	have := false
	if x.base != nil {
		data, err := fs.ReadFile(x.base, agentsFile)
		switch {
		case err == nil:
			cur, have = data, true
		case !errors.Is(err, fs.ErrNotExist):
			return // a folder, or unreadable: not ours to replace
		}
	}
	if data, ok := agentsContent(instr, cur, have); ok {
		x.out[p] = data
	}
}
