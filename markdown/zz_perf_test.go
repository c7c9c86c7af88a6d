package markdown
import ("testing";"strings";"time";"os")
func TestDbgPerf(t *testing.T){
	inputs := map[string]string{
		"hints": strings.Repeat("{% hint style=\"info\" %}\n", 20000) + strings.Repeat("{% endhint %}\n", 20000),
		"tabs-nested": strings.Repeat("{% tabs %}\n{% tab %}\n", 5000) + strings.Repeat("{% endtab %}\n{% endtabs %}\n", 5000),
		"kbd": strings.Repeat("<kbd>", 20000) + "x" + strings.Repeat("</kbd>", 20000),
		"mark": strings.Repeat("<mark style=\"color:red;\">a ", 20000),
		"oneline": strings.Repeat("{% hint %}", 5000) + strings.Repeat("{% endhint %}", 5000),
		"details": strings.Repeat("<details>\n\n<summary>x</summary>\n\n", 5000) + strings.Repeat("</details>\n\n", 5000),
		"quotes": strings.Repeat(">", 5000) + " x\n",
		"tags-unclosed": strings.Repeat("{% hint %}\n{% endhint", 20000),
		"tables": "<table>" + strings.Repeat("<tr><td><strong><em>", 3000) + "</table>\n",
		"list": strings.Repeat("* ", 3000) + "x\n",
		"fm": "---\n" + strings.Repeat("a: &x [1]\nb: [*x, *x]\n", 100) + "---\n",
	}
	for name, s := range inputs {
		if k := os.Getenv("K"); k != "" && k != name { continue }
		st := time.Now()
		p, w := Parse([]byte(s), ParseOptions{})
		t.Logf("%s: %d bytes, %d nodes, %d warns, %v", name, len(s), len(p.Document.Nodes), len(w), time.Since(st))
	}
}
