#!/usr/bin/env bash
# The real-repository accuracy suite: audits pinned public repositories and prints the audit's
# facts against expectations established by hand (expected/<name>.toml), then each repository's
# grade, top red flags and whether each is real (red-flags.tsv), then speed and peak memory.
#
# Not part of CI: the repositories are not in the checkout. They are taken, in this order, from
#   $DILIGENCE_SUITE_SOURCES/<owner>+<name>  (a git directory or clone you provide), else
#   https://github.com/<owner>/<name>         (cloned once),
# into $DILIGENCE_SUITE_DIR (default target/real-repos), and checked out at the pinned commit.
#
#   bash benches/real-repos/run.sh [NAME...]      # all repositories, or only those named
#   DILIGENCE_BIN=path/to/diligence bash benches/real-repos/run.sh   # audit with another binary
#
# Output: a table per fact, then the red flags; reports are kept in $DILIGENCE_SUITE_DIR/reports.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=benches/real-repos
dir=${DILIGENCE_SUITE_DIR:-target/real-repos}
mkdir -p "$dir/reports"

if [ -z "${DILIGENCE_BIN:-}" ]; then
    cargo build --release --quiet --bin diligence
    DILIGENCE_BIN=${CARGO_TARGET_DIR:-target}/release/diligence
    cp "$DILIGENCE_BIN" "$dir/diligence"
    DILIGENCE_BIN=$dir/diligence
fi

# name source commit, one line a repository
repos=$(python3 - "$here/repos.toml" "$@" <<'PY'
import sys, tomllib
want = set(sys.argv[2:])
for r in tomllib.load(open(sys.argv[1], "rb"))["repo"]:
    if not want or r["name"] in want:
        print(r["name"], r["source"], r["commit"])
PY
)

: > "$dir/reports/times.tsv"
while read -r name source commit; do
    [ -n "$name" ] || continue
    tree=$dir/$name
    if [ ! -d "$tree/.git" ]; then
        from=https://github.com/$source
        local_src=${DILIGENCE_SUITE_SOURCES:-}/${source/\//+}
        if [ -n "${DILIGENCE_SUITE_SOURCES:-}" ] && [ -d "$local_src" ]; then
            from=$local_src
            [ -d "$local_src/repo" ] && from=$local_src/repo
        fi
        git clone --quiet --no-checkout "$from" "$tree"
    fi
    # A source without some large blobs still checks out the rest: say so and go on.
    git -C "$tree" -c advice.detachedHead=false checkout --quiet --force "$commit" ||
        echo "warning: $name: the checkout is incomplete" >&2
    [ "$(git -C "$tree" rev-parse HEAD)" = "$commit" ] || { echo "error: $name: not at $commit" >&2; exit 1; }
    # Offline: the facts compared here do not depend on registries, and the run is repeatable.
    /usr/bin/time -f "%e %M" -o "$dir/reports/$name.time" \
        "$DILIGENCE_BIN" audit "$tree" --offline --quiet --format json -o "$dir/reports/$name.json" || true
    printf '%s\t%s\n' "$name" "$(cat "$dir/reports/$name.time")" >> "$dir/reports/times.tsv"
done <<< "$repos"

python3 "$here/compare.py" "$here" "$dir/reports"
