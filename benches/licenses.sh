#!/usr/bin/env bash
# What the `licenses` check adds to an audit: the release binary on a large tree, with the check
# enabled and disabled (a config file), median of several runs each.
#
#   benches/licenses.sh [TREE] [RUNS]
#
# TREE defaults to the crate sources under ~/.cargo/registry/src (thousands of crates, hundreds
# of licence files); RUNS defaults to 7. Runs alternate between the two configurations so that
# cache warmth and machine load affect both alike.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE="${1:-$(ls -d "$HOME"/.cargo/registry/src/* | head -n1)}"
RUNS="${2:-7}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet
# A private copy: a shared target directory may be rebuilt by another checkout meanwhile.
cp "${CARGO_TARGET_DIR:-target}/release/diligence" "$OUT/diligence"
BIN="$OUT/diligence"
printf '[checks.licenses]\nenabled = false\n' > "$OUT/off.toml"
printf '# defaults: every check enabled\n' > "$OUT/on.toml"

run() { # config → seconds
    local start end
    start=$(date +%s.%N)
    "$BIN" audit --offline --quiet --no-target-config --config "$1" --format json "$TREE" > "$OUT/report.json"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$BIN" audit --offline --quiet --no-target-config --format json checks/licenses/cases/mit \
    | grep -q '"spdx": "MIT"' || { echo "the binary does not run the licences check" >&2; exit 2; }
echo "tree: $TREE ($(find "$TREE" -type f | wc -l) files)"
run "$OUT/on.toml" > /dev/null   # warm the page cache
: > "$OUT/on.txt"; : > "$OUT/off.txt"
for _ in $(seq "$RUNS"); do
    run "$OUT/off.toml" >> "$OUT/off.txt"
    run "$OUT/on.toml" >> "$OUT/on.txt"
done
OFF=$(median < "$OUT/off.txt")
ON=$(median < "$OUT/on.txt")
echo "licenses disabled: median ${OFF}s  ($(tr '\n' ' ' < "$OUT/off.txt"))"
echo "licenses enabled:  median ${ON}s  ($(tr '\n' ' ' < "$OUT/on.txt"))"
echo "added: $(echo "scale=1; ($ON - $OFF) * 100 / $OFF" | bc)%"
