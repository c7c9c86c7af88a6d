package main

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// unifiedDiff returns a unified diff (3 lines of context) from a to b, or ""
// when they are equal. Line matching is diffmatchpatch's (already a
// dependency of go-git); this only lays the hunks out.
func unifiedDiff(name, a, b string) string {
	if a == b {
		return ""
	}
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	type line struct {
		op   diffmatchpatch.Operation
		text string
	}
	var all []line
	for _, d := range diffs {
		text := d.Text
		for text != "" {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				all = append(all, line{d.Type, text + "\n\\ No newline at end of file\n"})
				break
			}
			all = append(all, line{d.Type, text[:i+1]})
			text = text[i+1:]
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s (canonical)\n", name, name)
	const context = 3
	for i := 0; i < len(all); {
		if all[i].op == diffmatchpatch.DiffEqual {
			i++
			continue
		}
		// A hunk: from context lines before the change to context lines
		// after the last change that is within 2*context of the next.
		start := max(i-context, 0)
		end := i
		for j := i; j < len(all); j++ {
			if all[j].op != diffmatchpatch.DiffEqual {
				end = j
			} else if j-end > 2*context {
				break
			}
		}
		end = min(end+context+1, len(all))
		aStart, bStart := 1, 1
		for _, l := range all[:start] {
			if l.op != diffmatchpatch.DiffInsert {
				aStart++
			}
			if l.op != diffmatchpatch.DiffDelete {
				bStart++
			}
		}
		var aLen, bLen int
		var body strings.Builder
		for _, l := range all[start:end] {
			switch l.op {
			case diffmatchpatch.DiffEqual:
				aLen++
				bLen++
				body.WriteString(" " + l.text)
			case diffmatchpatch.DiffDelete:
				aLen++
				body.WriteString("-" + l.text)
			case diffmatchpatch.DiffInsert:
				bLen++
				body.WriteString("+" + l.text)
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n%s", aStart, aLen, bStart, bLen, body.String())
		i = end
	}
	return out.String()
}
