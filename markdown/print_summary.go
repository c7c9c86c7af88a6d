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
	inGroup := false
	for _, e := range s.Entries {
		if e.Group {
			b.WriteString("\n## " + escapeHeadingText(e.Title))
			if e.Anchor != "" {
				b.WriteString(` <a href="#` + e.Anchor + `" id="` + e.Anchor + `"></a>`)
			}
			b.WriteString("\n")
			needBlank, inGroup = true, true
			for _, c := range e.Children {
				if needBlank {
					b.WriteString("\n")
					needBlank = false
				}
				writeSummaryEntry(&b, c, 0)
			}
			continue
		}
		if inGroup {
			// Entries after a group would join it: GitBook ends the group
			// with a rule.
			b.WriteString("\n***\n")
			needBlank, inGroup = true, false
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
	indent := strings.Repeat("  ", depth)
	b.WriteString(indent + "* ")
	switch {
	case e.Computed != nil:
		src, err := jsonToYAML(e.Computed)
		if err != nil {
			src = "{}\n" // ParseSummary never gives such JSON; keep the entry a code block
		}
		b.WriteString("```yaml\n")
		for _, line := range strings.SplitAfter(src, "\n") {
			if line != "" {
				b.WriteString(indent + "  " + line)
			}
		}
		b.WriteString(indent + "  ```")
	case e.Target == "":
		b.WriteString(escapeLinkLabel(e.Title))
	default:
		b.WriteString("[" + escapeLinkLabel(e.Title) + "](" + summaryTarget(e.Target))
		if e.LinkTitle != "" {
			b.WriteString(` "` + strings.ReplaceAll(e.LinkTitle, `"`, `\"`) + `"`)
		}
		b.WriteString(")")
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
