#!/usr/bin/env bash
# The foundation's speed and memory against tokei on the same trees.
#
#   bash benches/foundation.sh [TREE...] [--runs N]
#
# Builds the release binary, then for each tree times
#   diligence audit TREE --offline --format json      (only the foundation's own check enabled)
#   diligence audit TREE --offline --format json      (every check enabled)
#   tokei --hidden TREE                               (same files: we include hidden files too)
# over several runs and prints the median, the ratio to tokei and the peak memory (max RSS).
# Default trees: this repository, the crate sources under the cargo registry (after
# `cargo fetch`), and a generated 100,000-file tree.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
trees=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) trees+=("$1"); shift ;;
  esac
done

command -v tokei >/dev/null || cargo install tokei --locked
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
source benches/common.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
private_binary "$work"
bin="$work/diligence"

# Configurations: only the foundation's check, and everything.
only_checks "$bin" documentation > "$work/foundation.toml"
: > "$work/all.toml"

if [ ${#trees[@]} -eq 0 ]; then
  cargo fetch --quiet
  gen="$work/gen100k"
  python3 - "$gen" <<'PY'
import os, sys, random
root = sys.argv[1]
random.seed(7)
langs = [("rs", "fn f{i}() -> u32 {{\n    // comment {i}\n    {i}\n}}\n"),
         ("py", "def f{i}():\n    # comment {i}\n    return {i}\n"),
         ("js", "function f{i}() {{\n  // comment {i}\n  return {i};\n}}\n"),
         ("md", "# Note {i}\n\nSome prose about item {i}.\n")]
for n in range(100_000):
    d = os.path.join(root, f"d{n % 100}", f"e{(n // 100) % 100}")
    os.makedirs(d, exist_ok=True)
    ext, body = langs[n % len(langs)]
    with open(os.path.join(d, f"f{n}.{ext}"), "w") as fh:
        fh.write(body.format(i=n) * random.randint(1, 20))
PY
  trees=("$PWD" "$(ls -d ~/.cargo/registry/src/*/ | head -n 1)" "$gen")
fi

# Runs a command $runs times; prints "median_seconds max_rss_mb".
measure() {
  local times=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/t" "$@" > /dev/null 2>&1 || true
    read -r t m < "$work/t"
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $((rss / 1024))"
}

printf '%-40s %8s %10s %8s %10s %8s %10s %8s\n' tree files tokei_s foundation_s ratio MB all_checks_s MB
for tree in "${trees[@]}"; do
  files=$(find "$tree" -type f -not -path '*/.git/*' | wc -l)
  "$bin" audit "$tree" --offline -q --no-target-config --format json > /dev/null || true   # warm the page cache
  read -r tk tk_mb < <(measure tokei --hidden "$tree")
  read -r fd fd_mb < <(measure "$bin" audit "$tree" --offline -q --no-target-config --config "$work/foundation.toml" --format json)
  read -r al al_mb < <(measure "$bin" audit "$tree" --offline -q --no-target-config --config "$work/all.toml" --format json)
  ratio=$(python3 -c "print(f'{$fd / max($tk, 0.001):.2f}')")
  printf '%-40s %8s %10s %8s %10s %8s %10s %8s\n' "$(basename "$tree")" "$files" "$tk" "$fd" "${ratio}x" "$fd_mb" "$al" "$al_mb"
done
