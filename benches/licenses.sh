#!/usr/bin/env bash
# What the `licenses` check adds to an audit: the release binary on a large tree, with the check
# enabled and disabled, median of several runs each, with the licence matches remembered from an
# earlier run (warm) and from an empty cache directory (cold: a first audit), in three settings:
#
# 1. the foundation's audit (every other check disabled but `documentation`). The licences
#    check reads dependency facts (the dependencies issue's: every manifest and lockfile parsed,
#    and listed in the report's inventory), so this figure includes them;
# 2. the foundation's audit with those dependency facts already collected (`dependencies`
#    enabled on both sides): what the check itself adds, matching included;
# 3. the default audit (every check), where all of it is shared.
#
#   benches/licenses.sh [TREE] [RUNS]
#
# TREE defaults to the crate sources under ~/.cargo/registry/src (thousands of crates, a thousand
# licence files); RUNS defaults to 7 (ALL_RUNS, 3, for the default audit). Runs alternate between
# the configurations so that cache warmth and machine load affect them alike.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE="${1:-$(ls -d "$HOME"/.cargo/registry/src/* | head -n1)}"
RUNS="${2:-7}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
source benches/common.sh
private_binary "$OUT"
BIN="$OUT/diligence"
only_checks "$BIN" documentation licenses > "$OUT/foundation-on.toml"
only_checks "$BIN" documentation > "$OUT/foundation-off.toml"
only_checks "$BIN" documentation dependencies licenses > "$OUT/deps-on.toml"
only_checks "$BIN" documentation dependencies > "$OUT/deps-off.toml"
printf '[checks.licenses]\nenabled = false\n' > "$OUT/all-off.toml"
printf '# defaults: every check enabled\n' > "$OUT/all-on.toml"

run() { # config cache-dir → "seconds peak-KiB"
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$BIN" audit --offline --quiet --no-target-config \
        --no-history --config "$1" --cache-dir "$2" --format json "$TREE" > "$OUT/report.json"
    cat "$OUT/time"
}
report() { # label file baseline-file
    local s m
    s=$(cut -d' ' -f1 "$2" | median)
    m=$(cut -d' ' -f2 "$2" | median)
    printf '%-34s median %6.2fs %5d MiB  (%s)' "$1" "$s" "$((m / 1024))" "$(cut -d' ' -f1 "$2" | tr '\n' ' ')"
    if [ -n "${3:-}" ]; then
        awk -v a="$s" -v b="$(cut -d' ' -f1 "$3" | median)" 'BEGIN { printf "  %+.1f%%", (a - b) / b * 100 }'
    fi
    echo
}

"$BIN" audit --offline --quiet --no-target-config --cache-dir "$OUT/cache" --format json \
    checks/licenses/cases/mit | grep -q '"spdx": "MIT"' ||
    { echo "the binary does not run the licences check" >&2; exit 2; }
echo "tree: $TREE ($(find "$TREE" -type f | wc -l) files)"
run "$OUT/foundation-on.toml" "$OUT/cache" > /dev/null # warm the page cache and the matches
cold() { # config → a run from an empty cache directory
    rm -rf "$OUT/cold"
    run "$1" "$OUT/cold"
}
for _ in $(seq "$RUNS"); do
    run "$OUT/foundation-off.toml" "$OUT/cache" >> "$OUT/f-off"
    run "$OUT/foundation-on.toml" "$OUT/cache" >> "$OUT/f-warm"
    cold "$OUT/foundation-on.toml" >> "$OUT/f-cold"
    run "$OUT/deps-off.toml" "$OUT/cache" >> "$OUT/d-off"
    run "$OUT/deps-on.toml" "$OUT/cache" >> "$OUT/d-warm"
    cold "$OUT/deps-on.toml" >> "$OUT/d-cold"
done
report "foundation, licences off" "$OUT/f-off"
report "foundation + licences (warm)" "$OUT/f-warm" "$OUT/f-off"
report "foundation + licences (cold)" "$OUT/f-cold" "$OUT/f-off"
report "foundation + deps facts" "$OUT/d-off"
report "foundation + deps + licences (warm)" "$OUT/d-warm" "$OUT/d-off"
report "foundation + deps + licences (cold)" "$OUT/d-cold" "$OUT/d-off"
for _ in $(seq "${ALL_RUNS:-3}"); do
    run "$OUT/all-off.toml" "$OUT/cache" >> "$OUT/a-off"
    run "$OUT/all-on.toml" "$OUT/cache" >> "$OUT/a-on"
    cold "$OUT/all-on.toml" >> "$OUT/a-cold"
done
report "all checks, licences off" "$OUT/a-off"
report "all checks (warm)" "$OUT/a-on" "$OUT/a-off"
report "all checks (cold)" "$OUT/a-cold" "$OUT/a-off"
