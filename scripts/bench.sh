#!/usr/bin/env bash
# Runs the benchmarks and prints ONE table of ratios, each measured in the
# same run: import against its floor (go-git reading every blob of the same
# commit + goldmark parsing every page, no HTML, on all cores; package
# internal/benchfloor), in the library (no JSON) and through the CLI
# (revision JSON written); re-import after a one-page commit and export of a
# one-page change against a full import (with the parse cache a space keeps,
# and without); bytes allocated per page; peak RSS
# of the CLI on 10,000 synthetic pages and on the pgsql-tw corpus project.
# Speed is only ever a ratio: the machine may be shared and slow. Each is
# given on wall time and on the process's CPU time per op (getrusage), which
# other processes on a shared machine disturb much less.
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
function med(arr, cnt, name,   n, i, j, t, a) {
  n = cnt[name]; if (n == 0) return 0
  for (i = 1; i <= n; i++) a[i] = arr[name, i]
  for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
  return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
}
function row(label, wall, cpu, target) { printf "| %-40s | %12s | %12s | %-8s |\n", label, wall, cpu, target }
function fmtr(x, pct) { return pct ? sprintf("%.1f%%", x * 100) : sprintf("%.2fx", x) }
function ratio(label, num, den, target, pct,   a, b, c, d, w, u) {
  a = med(v, cnt, num); b = med(v, cnt, den); c = med(cv, ccnt, num); d = med(cv, ccnt, den)
  w = (a > 0 && b > 0) ? fmtr(a / b, pct) : "-"
  u = (c > 0 && d > 0) ? fmtr(c / d, pct) : "-"
  row(label, w, u, target)
}
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  v[name, ++cnt[name]] = $3
  for (i = 4; i < NF; i++) {
    if ($(i+1) == "B/op") bv[name, ++bcnt[name]] = $i
    if ($(i+1) == "cpu-ns/op") cv[name, ++ccnt[name]] = $i
  }
}
/^rss / { rssKB[$2] = $3; json[$2] = $4 }
END {
  row("measure (medians of this run)", "wall time", "CPU time", "target")
  print "|------------------------------------------|--------------|--------------|----------|"
  for (s = 0; s < 2; s++) {
    n = s ? 10000 : 1000; k = s ? "10k" : "1k"
    ratio("library import / floor, " k, "BenchmarkImport/pages-" n, "BenchmarkImportFloor/pages-" n, "<= 1.3x", 0)
    ratio("CLI import (JSON written) / floor, " k, "BenchmarkCLI/pages-" n "/import", "BenchmarkCLI/pages-" n "/floor", "<= 2x", 0)
    ratio("re-import, 1-page commit / import, " k, "BenchmarkReimportCached/pages-" n, "BenchmarkImport/pages-" n, "<= 2%", 1)
    ratio("  without parse cache (--previous), " k, "BenchmarkReimport/pages-" n, "BenchmarkImport/pages-" n, "", 1)
    ratio("export, 1-page change / import, " k, "BenchmarkExportOnePageCached/pages-" n, "BenchmarkImport/pages-" n, "<= 2%", 1)
    ratio("  without parse cache, " k, "BenchmarkExportOnePage/pages-" n, "BenchmarkImport/pages-" n, "", 1)
    ratio("export unchanged / import, " k, "BenchmarkExportUnchanged/pages-" n, "BenchmarkImport/pages-" n, "", 0)
    b = med(bv, bcnt, "BenchmarkImport/pages-" n)
    if (b > 0) row("bytes allocated per page, import " k, sprintf("%.0f KB", b / n / 1024), "", "")
  }
  ratio("encode / json.Indent of its JSON, 1k", "BenchmarkEncode/pages-1000", "BenchmarkEncodeFloor/pages-1000", "", 0)
  for (k in rssKB) {
    row("CLI peak RSS, " k, sprintf("%.0f MB", rssKB[k] / 1024), "", "")
    row("revision JSON, " k, sprintf("%.0f MB", json[k] / 1048576), "", "")
    row("CLI peak RSS / revision JSON, " k, sprintf("%.2fx", rssKB[k] * 1024 / json[k]), "", k ~ /10k/ ? "<= 2x" : "")
  }
}' "$tmp/bench.txt"
