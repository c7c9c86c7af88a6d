package markdown
import ("testing";"os";"github.com/seed1bfafebe/gitsync/revision")
func TestDbg(t *testing.T){
	src,_ := os.ReadFile(os.Getenv("F"))
	p, w := Parse(src, ParseOptions{Path:"x.md"})
	b,_ := revision.Marshal(p.Document)
	t.Logf("title=%q fm=%+v body=%d\n%s", p.Title, p.FrontMatter, p.BodyStart, b)
	for i, s := range p.Spans { t.Logf("span %d %q", i, src[s.Start:s.End]) }
	for _, x := range w { t.Log(x) }
}
