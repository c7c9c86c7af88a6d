package markdown
import ("testing";"os";"strings";"github.com/seed1bfafebe/gitsync/revision")
func TestDbgOpaque(t *testing.T){
	kind := os.Getenv("K"); n := 0
	for _, f := range readerCorpusPages(t) {
		src,_ := os.ReadFile(f)
		p, _ := Parse(src, ParseOptions{Path:f})
		walkNodes(p.Document.Nodes, func(x revision.Node){
			if o, ok := x.(*revision.Opaque); ok && !o.Inline && opaqueKind(o.Source)==kind && n < 6 {
				n++; s := o.Source; if len(s) > 400 { s = s[:400] }
				t.Logf("%s\n%s\n-----", f, s); _ = strings.TrimSpace
			}
		})
	}
}
