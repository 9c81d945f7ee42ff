#!/usr/bin/env bash
# What the `tests` and `ci` checks cost: audits a large tree with every check, then with those two
# disabled, and prints wall time and peak memory for each. Their extra work is the source scanner
# (one `syn` parse per Rust file, a regex per test file of other languages), tokei line counts and
# the CI/test-suite collectors.
#
#   benches/tests_ci.sh [TREE]     # default: the local cargo registry sources (many Rust files)
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-$(ls -d "$HOME"/.cargo/registry/src/*/ | head -n1)}"
source benches/common.sh
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
private_binary "$out"
bin="$out/diligence"
"$bin" audit fixtures/tests-traps --offline --quiet --no-target-config --format json -o "$out/check.json"
grep -q '"summary": "No automated tests were found' "$out/check.json" ||
    { echo "the copied binary is not this checkout's build" >&2; exit 2; }
printf '[checks.tests]\nenabled = false\n\n[checks.ci]\nenabled = false\n' >"$out/without.toml"

echo "tree: $tree ($(find "$tree" -type f | wc -l) files, $(find "$tree" -name '*.rs' | wc -l) .rs)"
run() {
    local label="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$out/time" "$bin" audit "$tree" --offline --quiet --format json \
        -o "$out/report.json" "$@" || true
    read -r secs kib <"$out/time"
    printf '%-28s %8ss %8d MiB\n' "$label" "$secs" "$((kib / 1024))"
}
run "all checks" --no-target-config
run "all checks (again)" --no-target-config
run "without tests and ci" --no-target-config --config "$out/without.toml"
run "without tests and ci (again)" --no-target-config --config "$out/without.toml"
run "all checks, --jobs 1" --no-target-config --jobs 1
