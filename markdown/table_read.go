package markdown

import (
	"github.com/seed1bfafebe/gitsync/revision"
	east "github.com/yuin/goldmark/extension/ast"
)

func (ps *parseState) pipeTable(n *east.Table) revision.Node {
	pos := ps.nodePos(n)
	return &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}
}
