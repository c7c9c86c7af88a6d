package markdown

import (
	"strconv"
	"strings"

	"github.com/seed1bfafebe/gitsync/revision"
)

// list prints a list the way GitBook does (GITBOOK_FORMAT.md §6): "*"
// bullets, "1." numbers counting up from the start, "* [ ]" tasks, items
// never separated by blank lines. An item is "spread" (its blocks separated by
// blank lines, its content indented to the next multiple of 4 columns, as
// mdast-util-to-markdown's listItemIndent "mixed") when it holds a block other
// than a nested list after its first one; otherwise its content is indented
// by the marker's width plus one.
func (p *printer) list(b *revision.Block) string {
	start := 1
	ordered, tasks := false, false
	bullet, other := "*", "-"
	switch d := b.Data.(type) {
	case *revision.ListOrdered:
		ordered = true
		bullet, other = ".", ")"
		if d.Start != nil {
			start = *d.Start
		}
	case *revision.ListTasks:
		tasks = true
		// GitBook's 2026 exporter writes "* [ ]" (GitbookIO public-docs
		// history), like other bullets.
	}
	// Two lists in a row with the same marker would be one list: the second
	// takes the other marker, as GitBook (mdast-util-to-markdown) does. So
	// does a list holding a thematic break ("* ***" would be a break).
	if bullet == p.lastBullet || bullet == "*" && startsWithDivider(b.Nodes) {
		bullet = other
	}
	var items []string
	i := 0
	for _, n := range b.Nodes {
		marker := bullet
		if ordered {
			marker = strconv.Itoa(start+i) + bullet
		}
		var s string
		if it, ok := n.(*revision.Block); ok {
			if _, isItem := it.Data.(*revision.ListItem); isItem {
				s = p.listItemTask(it, marker, tasks)
			} else {
				s = p.itemBody(marker, []revision.Node{n}, false, "")
			}
		} else if _, raw := n.(*revision.Raw); raw {
			continue
		} else {
			s = p.itemBody(marker, []revision.Node{n}, false, "")
		}
		items = append(items, s)
		i++
	}
	p.lastBullet = bullet
	return strings.Join(items, "\n")
}

// startsWithDivider reports whether an item of the list starts with a
// thematic break.
func startsWithDivider(items []revision.Node) bool {
	for _, n := range items {
		it, ok := n.(*revision.Block)
		if !ok || len(it.Nodes) == 0 {
			continue
		}
		if c, ok := it.Nodes[0].(*revision.Block); ok {
			if _, ok := c.Data.(*revision.Divider); ok {
				return true
			}
		}
	}
	return false
}

func (p *printer) listItem(b *revision.Block, marker string) string {
	return p.listItemTask(b, marker, false)
}

func (p *printer) listItemTask(b *revision.Block, marker string, tasks bool) string {
	check := ""
	// A check box is read only in front of a paragraph ("- [ ] 1. x" is a
	// paragraph, not a list): other first blocks go without one.
	startsText := len(b.Nodes) > 0 && isParagraph(b.Nodes[0])
	if d, ok := b.Data.(*revision.ListItem); ok && (tasks || d.Checked != nil) && startsText {
		if d.Checked != nil && *d.Checked {
			check = "[x] "
		} else {
			check = "[ ] "
		}
	}
	return p.itemBody(marker, b.Nodes, spreadItem(b.Nodes), check)
}

// spreadItem reports whether an item's blocks need blank lines between them:
// any block after the first that is not a list a paragraph may be followed by
// directly. An ordered list not starting at 1 cannot interrupt a paragraph.
func spreadItem(ns []revision.Node) bool {
	count := 0
	for _, n := range ns {
		if _, raw := n.(*revision.Raw); raw {
			continue
		}
		count++
		if count == 1 {
			continue
		}
		b, ok := n.(*revision.Block)
		if !ok {
			return true
		}
		switch d := b.Data.(type) {
		case *revision.ListUnordered, *revision.ListTasks:
		case *revision.ListOrdered:
			if d.Start != nil && *d.Start != 1 {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func (p *printer) itemBody(marker string, ns []revision.Node, spread bool, check string) string {
	size := len(marker) + 1
	sep := "\n"
	if spread {
		size = (size + 3) / 4 * 4
		sep = "\n\n"
	}
	body := p.join(ns, sep)
	if body == "" && check == "" {
		return marker
	}
	return marker + strings.Repeat(" ", size-len(marker)) + check + indent(body, strings.Repeat(" ", size))
}
