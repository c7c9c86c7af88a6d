package markdown
import ("testing";"os";"strings")
func TestDbgWarn(t *testing.T){
	m := map[string]int{}
	for _, f := range readerCorpusPages(t) {
		src,_ := os.ReadFile(f)
		_, ws := Parse(src, ParseOptions{Path:f})
		for _, w := range ws { if strings.Contains(w.Message, os.Getenv("K")) { m[w.Message]++ } }
	}
	logCounts(t, "w", m)
}
