#!/usr/bin/env bash
# Runs the import, encode and export benchmarks and prints each as a ratio
# against its floor measured in the same run (import: reading the same Git
# tree and parsing it with plain goldmark; encode: indenting the same JSON;
# export of an unchanged revision: an import). Usage: scripts/bench.sh [-count N]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(go test ./syncengine -run '^$' -bench 'Import|ExportUnchanged|Encode' -benchtime 3x "$@")
echo "$out" | grep -E '^Benchmark'
echo
echo "$out" | awk '
/^Benchmark/ { name=$1; sub(/-[0-9]+$/, "", name); ns[name]=$3 }
END {
  for (k in ns) if (k ~ /^BenchmarkImport\/pages-/) {
    f = k; sub(/BenchmarkImport/, "BenchmarkImportFloor", f)
    if (ns[f] > 0) printf "%-28s %6.1fx the floor\n", k, ns[k]/ns[f]
  }
  for (k in ns) if (k ~ /^BenchmarkEncode\/pages-/) {
    f = k; sub(/BenchmarkEncode/, "BenchmarkEncodeFloor", f)
    if (ns[f] > 0) printf "%-28s %6.1fx the floor\n", k, ns[k]/ns[f]
  }
  for (k in ns) if (k ~ /^BenchmarkExportUnchanged\/pages-/) {
    i = k; sub(/BenchmarkExportUnchanged/, "BenchmarkImport", i)
    if (ns[i] > 0) printf "%-28s %6.1fx an import\n", k, ns[k]/ns[i]
  }
}'
