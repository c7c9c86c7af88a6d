package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The block mix: relative weights of the top-level blocks of a page, set so
// that the blocks per page (nested ones included) come close to the
// corpus's (mix_test.go measures both): about 49 paragraphs, 6 code blocks
// of 8 to 9 lines, 10 list items, 7 headings below the title and, rarer, quotes, hints,
// tables, tabs, expandables, images, dividers, embeds and steppers.
var mix = []struct {
	weight int // per 1000 top-level blocks
	write  func(w *pageWriter)
}{
	{450, (*pageWriter).paragraph},
	{97, (*pageWriter).code},
	{30, (*pageWriter).bullets},
	{9, (*pageWriter).ordered},
	{30, (*pageWriter).heading2},
	{52, (*pageWriter).heading3},
	{17, (*pageWriter).heading4},
	{13, (*pageWriter).quote},
	{9, (*pageWriter).hint},
	{9, (*pageWriter).table},
	{4, (*pageWriter).tabs},
	{10, (*pageWriter).expandable},
	{10, (*pageWriter).image},
	{1, (*pageWriter).divider},
	{1, (*pageWriter).embed},
	{1, (*pageWriter).stepper},
	{17, (*pageWriter).html},
}

var mixTotal = func() int {
	t := 0
	for _, m := range mix {
		t += m.weight
	}
	return t
}()

// pageWriter writes one page.
type pageWriter struct {
	rng    *rand.Rand
	dir    string // the page's folder, content-root relative
	pages  []*node
	assets []string
	b      strings.Builder
}

func (w *pageWriter) page(pg *node) []byte {
	if w.rng.IntN(4) == 0 {
		fmt.Fprintf(&w.b, "---\ndescription: %s.\n", sentence(w.rng, 8))
		if w.rng.IntN(3) == 0 {
			w.b.WriteString("icon: book\n")
		}
		w.b.WriteString("---\n\n")
	}
	fmt.Fprintf(&w.b, "# %s\n\n", pg.title)
	for range 10 + w.rng.IntN(75) {
		r := w.rng.IntN(mixTotal)
		for _, m := range mix {
			if r < m.weight {
				m.write(w)
				break
			}
			r -= m.weight
		}
	}
	return []byte(w.b.String())
}

// text writes a run of inline text: words with marks, sometimes a link to
// another page, an inline code span, an emoji or an inline image.
func (w *pageWriter) text(words int) {
	for i := range words {
		if i > 0 {
			w.b.WriteByte(' ')
		}
		word := vocabulary[w.rng.IntN(len(vocabulary))]
		switch r := w.rng.IntN(1000); {
		case r < 20:
			fmt.Fprintf(&w.b, "**%s**", word)
		case r < 32:
			fmt.Fprintf(&w.b, "_%s_", word)
		case r < 45:
			fmt.Fprintf(&w.b, "`%s()`", word)
		case r < 51:
			pg := w.pages[w.rng.IntN(len(w.pages))]
			fmt.Fprintf(&w.b, "[%s](%s)", word, rel(w.dir, pg.path))
		case r < 53:
			fmt.Fprintf(&w.b, "[%s](https://example.com/%s)", word, word)
		case r < 54:
			fmt.Fprintf(&w.b, `<img src="%s" alt="" data-size="line">`, rel(w.dir, w.asset()))
		case r < 55:
			w.b.WriteString(`<span data-gb-custom-inline data-tag="emoji" data-code="1f680">🚀</span>`)
		default:
			w.b.WriteString(word)
		}
	}
}

func (w *pageWriter) asset() string { return w.assets[w.rng.IntN(len(w.assets))] }

func (w *pageWriter) paragraph() {
	w.text(8 + w.rng.IntN(30))
	w.b.WriteString(".\n\n")
}

var langs = []string{"go", "bash", "json", "yaml", "python", "javascript", "sql"}

func (w *pageWriter) code() {
	lang := langs[w.rng.IntN(len(langs))]
	if w.rng.IntN(5) == 0 {
		fmt.Fprintf(&w.b, "{%% code title=\"example.%s\" lineNumbers=\"true\" %%}\n", lang)
		defer w.b.WriteString("{% endcode %}\n\n")
	}
	fmt.Fprintf(&w.b, "```%s\n", lang)
	for range 1 + w.rng.IntN(16) {
		w.b.WriteString(strings.Repeat("  ", w.rng.IntN(3)))
		w.b.WriteString(sentence(w.rng, 1+w.rng.IntN(7)))
		w.b.WriteByte('\n')
	}
	w.b.WriteString("```\n\n")
}

func (w *pageWriter) bullets() {
	for range 2 + w.rng.IntN(5) {
		w.b.WriteString("* ")
		w.text(3 + w.rng.IntN(12))
		w.b.WriteByte('\n')
		if w.rng.IntN(6) == 0 {
			for range 1 + w.rng.IntN(2) {
				w.b.WriteString("  * ")
				w.text(3 + w.rng.IntN(6))
				w.b.WriteByte('\n')
			}
		}
	}
	w.b.WriteByte('\n')
}

func (w *pageWriter) ordered() {
	for i := range 2 + w.rng.IntN(5) {
		fmt.Fprintf(&w.b, "%d. ", i+1)
		w.text(3 + w.rng.IntN(12))
		w.b.WriteByte('\n')
	}
	w.b.WriteByte('\n')
}

func (w *pageWriter) heading2() {
	fmt.Fprintf(&w.b, "## %s\n\n", title(w.rng, 2+w.rng.IntN(3)))
}

func (w *pageWriter) heading4() {
	fmt.Fprintf(&w.b, "#### %s\n\n", title(w.rng, 2+w.rng.IntN(3)))
}

func (w *pageWriter) heading3() {
	t := title(w.rng, 2+w.rng.IntN(3))
	if w.rng.IntN(2) == 0 {
		anchor := strings.ToLower(strings.ReplaceAll(t, " ", "-"))
		fmt.Fprintf(&w.b, "### %s <a href=\"#%s\" id=\"%s\"></a>\n\n", t, anchor, anchor)
		return
	}
	fmt.Fprintf(&w.b, "### %s\n\n", t)
}

func (w *pageWriter) quote() {
	w.b.WriteString("> ")
	w.text(10 + w.rng.IntN(20))
	w.b.WriteString(".\n\n")
}

var hintStyles = []string{"info", "warning", "danger", "success"}

func (w *pageWriter) hint() {
	fmt.Fprintf(&w.b, "{%% hint style=\"%s\" %%}\n", hintStyles[w.rng.IntN(len(hintStyles))])
	w.text(10 + w.rng.IntN(20))
	w.b.WriteString(".\n{% endhint %}\n\n")
}

func (w *pageWriter) table() {
	cols := 2 + w.rng.IntN(3)
	for r := range 2 + w.rng.IntN(6) {
		w.b.WriteString("|")
		for range cols {
			w.b.WriteByte(' ')
			w.text(1 + w.rng.IntN(4))
			w.b.WriteString(" |")
		}
		w.b.WriteByte('\n')
		if r == 0 {
			w.b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
		}
	}
	w.b.WriteByte('\n')
}

func (w *pageWriter) tabs() {
	w.b.WriteString("{% tabs %}\n")
	for range 2 + w.rng.IntN(3) {
		fmt.Fprintf(&w.b, "{%% tab title=\"%s\" %%}\n", title(w.rng, 1))
		w.paragraph()
		if w.rng.IntN(2) == 0 {
			w.code()
		}
		w.b.WriteString("{% endtab %}\n\n")
	}
	w.b.WriteString("{% endtabs %}\n\n")
}

func (w *pageWriter) expandable() {
	fmt.Fprintf(&w.b, "<details>\n\n<summary>%s</summary>\n\n", title(w.rng, 3))
	for range 1 + w.rng.IntN(3) {
		w.paragraph()
	}
	w.b.WriteString("</details>\n\n")
}

func (w *pageWriter) image() {
	src := rel(w.dir, w.asset())
	if w.rng.IntN(3) == 0 {
		fmt.Fprintf(&w.b, "![%s](%s)\n\n", title(w.rng, 2), src)
		return
	}
	fmt.Fprintf(&w.b, "<figure><img src=\"%s\" alt=\"\"><figcaption><p>%s</p></figcaption></figure>\n\n", src, title(w.rng, 3))
}

func (w *pageWriter) divider() { w.b.WriteString("***\n\n") }

func (w *pageWriter) embed() {
	fmt.Fprintf(&w.b, "{%% embed url=\"https://www.youtube.com/watch?v=%s\" %%}\n\n", vocabulary[w.rng.IntN(len(vocabulary))])
}

func (w *pageWriter) stepper() {
	w.b.WriteString("{% stepper %}\n")
	for range 2 + w.rng.IntN(4) {
		fmt.Fprintf(&w.b, "{%% step %%}\n### %s\n\n", title(w.rng, 2))
		w.paragraph()
		w.b.WriteString("{% endstep %}\n\n")
	}
	w.b.WriteString("{% endstepper %}\n\n")
}

// html is a block of HTML GitBook has no block for: kept opaque.
func (w *pageWriter) html() {
	fmt.Fprintf(&w.b, "<div align=\"center\">\n<p>%s</p>\n</div>\n\n", sentence(w.rng, 6))
}

func sentence(rng *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(ws, " ")
}

func title(rng *rand.Rand, n int) string {
	s := sentence(rng, n)
	return strings.ToUpper(s[:1]) + s[1:]
}

var vocabulary = strings.Fields(`the a of to and in is it you that for on with as this are be
at or from by not can your page space file commit branch merge import export sync
revision document block inline text mark link image table code hint tab step list item
heading quote embed asset folder path tree blob ref config summary group title slug id
server client request response token user team organization setting option value key
field type string number boolean array object schema version release change update
deploy build test run start stop install configure enable disable create delete read
write open close send receive query filter sort search index cache store load save
error warning info success failure retry timeout limit size count total first last
next previous new old default custom public private local remote source target input
output format parse print render encode decode stream buffer byte line column row cell
header footer body content section chapter guide tutorial reference example sample
note tip caution important detail summary overview introduction api sdk cli library
package module function method class interface struct field parameter argument return`)
