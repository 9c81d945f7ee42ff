#!/usr/bin/env bash
# What the `hygiene` and `code-health` checks cost: audits a large tree with every check, then with
# those two disabled, RUNS times each (alternating), and prints the median wall time and peak
# memory of each, and the difference. Their extra work is the health scanner (a hash, the longest
# line and the work markers of every text file, Python/Go function lengths), the lexing of every
# non-test Rust file up to 256 KiB and a walk over its tokens (the `syn` parse of the files that
# mention tests happens either way), and the two evaluations.
#
#   benches/health.sh [TREE]     # default: the local cargo registry sources (many Rust files)
#   RUNS=5 benches/health.sh     # runs per configuration (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-$(ls -d "$HOME"/.cargo/registry/src/*/ | head -n1)}"
runs="${RUNS:-5}"
source benches/common.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
private_binary "$out"
bin="$out/diligence"
"$bin" checks >"$out/checks.txt"
grep -q 'code-health' "$out/checks.txt" ||
    { echo "the copied binary is not this checkout's build (no code-health check)" >&2; exit 2; }
printf '[checks.hygiene]\nenabled = false\n\n[checks.code-health]\nenabled = false\n' >"$out/without.toml"

echo "tree: $tree ($(find "$tree" -type f | wc -l) files, $(find "$tree" -name '*.rs' | wc -l) .rs)"
# Warm the page cache once.
"$bin" audit "$tree" --offline --quiet --no-target-config --format json -o "$out/report.json" || true
run() {
    local file="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" audit "$tree" --offline --quiet \
        --no-target-config --no-history --format json -o "$out/report.json" "$@" || true
    cat "$out/time" >>"$file"
}
for _ in $(seq "$runs"); do
    run "$out/with" 
    run "$out/without" --config "$out/without.toml"
done
with_s=$(cut -d' ' -f1 "$out/with" | median)
without_s=$(cut -d' ' -f1 "$out/without" | median)
with_m=$(cut -d' ' -f2 "$out/with" | median)
without_m=$(cut -d' ' -f2 "$out/without" | median)
printf '%-34s %8ss %8d MiB   (runs: %s)\n' "all checks" "$with_s" "$((${with_m%.*} / 1024))" "$(cut -d' ' -f1 "$out/with" | tr '\n' ' ')"
printf '%-34s %8ss %8d MiB   (runs: %s)\n' "without hygiene and code-health" "$without_s" "$((${without_m%.*} / 1024))" "$(cut -d' ' -f1 "$out/without" | tr '\n' ' ')"
awk -v a="$with_s" -v b="$without_s" 'BEGIN { printf "hygiene + code-health add %.1f %% to the audit time\n", (a - b) / b * 100 }'
