#!/usr/bin/env bash
# Runs every fuzz target (or those named) one after the other, each for a set time, and prints
# per target: seconds run, executions, and the outcome (clean, or the crash, hang or
# out-of-memory input that stopped it).
#
#   fuzz/run.sh [TARGET...]
#
# Settings (environment):
#   FUZZ_SECONDS  time per target (default 600)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (default 10)
#   FUZZ_RSS_MB   memory limit in MiB before it counts as out of memory (default 2048)
#   FUZZ_MAX_LEN  largest input in bytes (default 32768)
#   FUZZ_WORK     where the growing corpora and crash inputs go (default fuzz/work)
#   FUZZ_LOGS     where each target's log goes (default $FUZZ_WORK/logs)
#   FUZZ_BIN_DIR  run the targets already built there instead of building them
#   FUZZ_SANITIZER  cargo-fuzz sanitizer (default none: the crate forbids unsafe code, and what
#                 is looked for are panics, hangs and runaway memory; `address` for the deps)
#
# Needs a nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz when it
# is missing. The targets are built once (release, with debug assertions and overflow checks),
# then run one libFuzzer process at a time, single-threaded. The seeds in fuzz/corpus/<target>
# are read but never written; new inputs go to $FUZZ_WORK/corpus/<target>.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
seconds=${FUZZ_SECONDS:-600}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-32768}
work=${FUZZ_WORK:-$here/work}
logs=${FUZZ_LOGS:-$work/logs}
sanitizer=${FUZZ_SANITIZER:-none}

if [ -z "${FUZZ_BIN_DIR:-}" ]; then
    if ! cargo +nightly --version >/dev/null 2>&1; then
        echo "fuzz/run.sh: a nightly toolchain is needed (rustup toolchain install nightly)" >&2
        exit 2
    fi
    if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
        echo "installing cargo-fuzz" >&2
        cargo install cargo-fuzz --locked || exit 2
    fi
    cargo +nightly fuzz build -s "$sanitizer" -O -a || exit 2
    triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
    bin_dir=${CARGO_TARGET_DIR:-$here/target}/$triple/release
else
    bin_dir=$FUZZ_BIN_DIR
fi

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in "$here"/fuzz_targets/*.rs; do
        targets+=("$(basename "$f" .rs)")
    done
fi

status=0
results=()
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "$logs"
    log="$logs/$t.log"
    seeds=()
    [ -d "$here/corpus/$t" ] && seeds=("$here/corpus/$t")
    echo "== $t: ${seconds}s, log $log" >&2
    start=$(date +%s)
    "$bin_dir/$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" \
        -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" \
        "$work/corpus/$t" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    [ -z "$runs" ] && runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    artifact=$(grep -oE '(Test unit|artifact) written to [^ ]+' "$log" | tail -1 | awk '{print $NF}')
    if [ $rc -eq 0 ] && [ -z "$artifact" ]; then
        outcome="clean"
    else
        status=1
        kind="crash"
        grep -q 'ALARM: working on the last Unit' "$log" && kind="hang"
        grep -q 'out-of-memory' "$log" && kind="out of memory"
        outcome="$kind: ${artifact:-see log} (exit $rc)"
    fi
    results+=("$(printf '%-10s %6ss %12s runs  %s' "$t" "$took" "${runs:-?}" "$outcome")")
    echo "${results[-1]}" >&2
done

echo
printf '%-10s %7s %17s  %s\n' target time executions outcome
printf '%s\n' "${results[@]}"
exit $status
