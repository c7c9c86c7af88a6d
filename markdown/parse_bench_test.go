package markdown

import (
	"strings"
	"testing"
)

// benchPage is a page using most constructs, written for the benchmark.
const benchPage = `## Section <a href="#sec" id="sec"></a>

Some **bold**, _italic_ and ` + "`code`" + ` text with a [link](other.md) and <mark style="color:red;">color</mark>.

* one
  * nested
* two

{% hint style="info" %}
A hint with a list:

1. first
2. second
{% endhint %}

{% tabs %}
{% tab title="Go" %}
` + "```go\nfunc main() {}\n```" + `
{% endtab %}
{% endtabs %}

<figure><img src="../.gitbook/assets/a.png" alt="" width="300"><figcaption><p>Caption</p></figcaption></figure>

| Key | Value |
| --- | ----- |
| a   | 1     |

<details>

<summary>More</summary>

Hidden text.

</details>

`

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1, 10, 100} {
		src := []byte("# Title\n\n" + strings.Repeat(benchPage, n))
		b.Run("blocks-"+itoa(n*8), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(src, ParseOptions{})
			}
		})
	}
}
