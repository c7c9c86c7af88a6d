package markdown
import ("testing";"os";"path/filepath";"time";"strconv";"strings")
func TestDbgSlow(t *testing.T){
	files, _ := filepath.Glob(os.Getenv("D")+"/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		s := string(b)
		i := strings.Index(s, "[]byte(")
		if i < 0 { continue }
		v, err := strconv.Unquote(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[i+7:]), ")")))
		if err != nil { continue }
		st := time.Now()
		Parse([]byte(v), ParseOptions{})
		if d := time.Since(st); d > 50*time.Millisecond { t.Logf("%s %d bytes %v", f, len(v), d) }
	}
}
