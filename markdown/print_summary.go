package markdown

import "strings"

// PrintSummary prints SUMMARY.md as GitBook writes it: "# Title" (default
// "Table of contents"), a blank line, "* [Title](target)" entries nested by
// two spaces, and each "## Group" preceded and followed by a blank line.
// Targets are escaped: "_" as "\_", and targets with spaces inside <…>.
func PrintSummary(s *Summary) []byte {
	if s == nil {
		return nil
	}
	title := s.Title
	if title == "" {
		title = "Table of contents"
	}
	var b strings.Builder
	b.WriteString("# " + escapeHeadingText(title) + "\n")
	needBlank := true
	for _, e := range s.Entries {
		if e.Group {
			b.WriteString("\n## " + escapeHeadingText(e.Title) + "\n")
			needBlank = true
			for _, c := range e.Children {
				if needBlank {
					b.WriteString("\n")
					needBlank = false
				}
				writeSummaryEntry(&b, c, 0)
			}
			continue
		}
		if needBlank {
			b.WriteString("\n")
			needBlank = false
		}
		writeSummaryEntry(&b, e, 0)
	}
	return []byte(b.String())
}

func writeSummaryEntry(b *strings.Builder, e *SummaryEntry, depth int) {
	b.WriteString(strings.Repeat("  ", depth) + "* ")
	if e.Target == "" {
		b.WriteString(escapeLinkLabel(e.Title))
	} else {
		b.WriteString("[" + escapeLinkLabel(e.Title) + "](" + summaryTarget(e.Target) + ")")
	}
	b.WriteString("\n")
	for _, c := range e.Children {
		writeSummaryEntry(b, c, depth+1)
	}
}

// summaryTarget escapes a SUMMARY link target ("01\_intro.md", "<a b.md>").
func summaryTarget(t string) string {
	d := linkDest(t)
	if strings.HasPrefix(d, "<") {
		return d
	}
	return strings.ReplaceAll(d, "_", `\_`)
}
