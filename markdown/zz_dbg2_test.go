package markdown
import ("testing";"os";"encoding/json")
func TestDbgSum(t *testing.T){
	src,_ := os.ReadFile(os.Getenv("F"))
	s, w := ParseSummary(src, "SUMMARY.md")
	b,_ := json.MarshalIndent(s, "", " ")
	t.Logf("%s", b)
	for _, x := range w { t.Log(x) }
}
