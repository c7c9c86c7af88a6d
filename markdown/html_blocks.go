package markdown

import (
	"github.com/seed1bfafebe/gitsync/revision"
	"github.com/yuin/goldmark/ast"
)

func (ps *parseState) htmlBlock(n *ast.HTMLBlock) revision.Node {
	pos := ps.nodePos(n)
	ps.warn(pos, WarnUnknownHTML, "HTML block kept as is")
	return &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}
}

func (ps *parseState) details(n *detailsBlock) revision.Node {
	pos := ps.nodePos(n)
	return &revision.Opaque{Source: ps.rangeSource(pos, ps.blockEnd(n))}
}
