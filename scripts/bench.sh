#!/usr/bin/env bash
# Runs the benchmarks and prints ONE table of ratios, each measured in the
# same run: import against its floor (go-git reading every blob of the same
# commit + goldmark parsing every page, no HTML, on all cores; package
# internal/benchfloor), in the library (no JSON) and through the CLI
# (revision JSON written); re-import after a one-page commit and export of a
# one-page change against a full import (with the parse cache a space keeps,
# and without); bytes allocated per page; peak RSS
# of the CLI on 10,000 synthetic pages and on the pgsql-tw corpus project.
# Speed is only ever a ratio: the machine may be shared and slow.
#
# Usage: scripts/bench.sh [-count N]      (repeats; the table shows medians)
# Environment: BENCHTIME (default 2x), CORPUS (default ../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
count=1
if [[ "${1:-}" == "-count" ]]; then count=$2; shift 2; fi
benchtime=${BENCHTIME:-2x}
corpus=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { go test "$@" -run '^$' -benchtime "$benchtime" -count "$count" | grep -E '^Benchmark' || true; }
{
  run ./syncengine -bench 'Import|Reimport|ExportOnePage|ExportUnchanged|Encode'
  run ./cmd/gitsync -bench 'CLI'
  run ./markdown -bench 'ParsePage|PrintPage|Summary'
} | tee "$tmp/bench.txt"

# Peak RSS of the CLI, as a separate process (the benchmarks share theirs).
go build -o "$tmp/gitsync" ./cmd/gitsync
go build -o "$tmp/synthrepo" ./internal/synth/synthrepo
rss() { # rss NAME REPO [import flags]: "NAME peak-KB json-bytes"
  local name=$1 repo=$2; shift 2
  /usr/bin/time -o "$tmp/time" -f '%M' "$tmp/gitsync" import "$@" -o "$tmp/$name.json" "$repo" 2>/dev/null
  echo "rss $name $(tail -1 "$tmp/time") $(stat -c %s "$tmp/$name.json")"
}
"$tmp/synthrepo" -pages 10000 -o "$tmp/synth10k.git"
rss synth-10k "$tmp/synth10k.git" >>"$tmp/bench.txt"
if [[ -d "$corpus/pgsql-tw__gitbook-docs/tree" ]]; then
  "$tmp/synthrepo" -from "$corpus/pgsql-tw__gitbook-docs/tree" -o "$tmp/pgsql-tw.git"
  rss pgsql-tw "$tmp/pgsql-tw.git" --dir tw >>"$tmp/bench.txt"
fi

echo
awk '
function median(name,   n, i, j, t, a) {
  n = cnt[name]; if (n == 0) return 0
  for (i = 1; i <= n; i++) a[i] = v[name, i]
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
function mb(name,   n, i, j, t, a) {
  n = bcnt[name]; if (n == 0) return 0
  for (i = 1; i <= n; i++) a[i] = bv[name, i]
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
function ratio(label, num, den, target, fmt,   a, b) {
  a = median(num); b = median(den)
  if (a == 0 || b == 0) { printf "| %-44s | %14s | %-12s |\n", label, "not measured", target; return }
  printf "| %-44s | " fmt " | %-12s |\n", label, a / b * (fmt ~ /%%/ ? 100 : 1), target
}
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  v[name, ++cnt[name]] = $3
  for (i = 4; i < NF; i++) if ($(i+1) == "B/op") bv[name, ++bcnt[name]] = $i
}
/^rss / { rssKB[$2] = $3; json[$2] = $4 }
END {
  printf "| %-44s | %14s | %-12s |\n", "measure (medians of this run)", "value", "target"
  printf "|%s|%s|%s|\n", "----------------------------------------------", "----------------", "--------------"
  for (s = 0; s < 2; s++) {
    n = s ? 10000 : 1000
    ratio("library import / floor, " n " pages", "BenchmarkImport/pages-" n, "BenchmarkImportFloor/pages-" n, "<= 1.3x", "%13.2fx")
    ratio("CLI import (JSON written) / floor, " n " pages", "BenchmarkCLI/pages-" n "/import", "BenchmarkCLI/pages-" n "/floor", "<= 2x", "%13.2fx")
    ratio("re-import after a 1-page commit / import, " n, "BenchmarkReimportCached/pages-" n, "BenchmarkImport/pages-" n, "<= 2%", "%13.1f%%")
    ratio("  the same without parse cache (--previous)", "BenchmarkReimport/pages-" n, "BenchmarkImport/pages-" n, "", "%13.1f%%")
    ratio("export of a 1-page change / import, " n, "BenchmarkExportOnePageCached/pages-" n, "BenchmarkImport/pages-" n, "<= 2%", "%13.1f%%")
    ratio("  the same without parse cache", "BenchmarkExportOnePage/pages-" n, "BenchmarkImport/pages-" n, "", "%13.1f%%")
    ratio("export unchanged / import, " n " pages", "BenchmarkExportUnchanged/pages-" n, "BenchmarkImport/pages-" n, "", "%13.2fx")
    b = mb("BenchmarkImport/pages-" n)
    if (b > 0) printf "| %-44s | %12.1f KB | %-12s |\n", "bytes allocated per page, library import " n, b / n / 1024, ""
  }
  ratio("encode / json.Indent of the same JSON, 1000", "BenchmarkEncode/pages-1000", "BenchmarkEncodeFloor/pages-1000", "", "%13.2fx")
  for (k in rssKB) {
    printf "| %-44s | %11.0f MB | %-12s |\n", "CLI peak RSS, " k, rssKB[k] / 1024, ""
    printf "| %-44s | %11.0f MB | %-12s |\n", "revision JSON, " k, json[k] / 1048576, ""
    printf "| %-44s | %13.2fx | %-12s |\n", "CLI peak RSS / revision JSON, " k, rssKB[k] * 1024 / json[k], k ~ /10k/ ? "<= 2x" : ""
  }
}' "$tmp/bench.txt"
