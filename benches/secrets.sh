#!/usr/bin/env bash
# Benchmark of the secrets check (working tree and git history).
#
#   benches/secrets.sh [TREE...]
#
# For each tree (default: this repository and the crate sources under ~/.cargo/registry/src):
#   - diligence: `audit --offline --no-history --format json` with only `secrets` enabled;
#   - rg: ripgrep running an equivalent set of 20 secret regexes over the same files (the floor
#     for one regex pass; same ignore rules, hidden files, no symlinks);
#   - detect-secrets: `detect-secrets scan --all-files` (when installed).
# Median wall time of RUNS runs (default 5; DS_RUNS for detect-secrets, default 1) and peak RSS (/usr/bin/time -v), plus the ratios.
# Then the history scan of a generated repository with COMMITS commits (default 10000), built
# with `git fast-import`. Results go to stdout; nothing is written inside the scanned trees.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
COMMITS=${COMMITS:-10000}
OUT=${BENCH_OUT:-$(mktemp -d)}
source benches/common.sh
mkdir -p "$OUT"
private_binary "$OUT"
BIN="$OUT/diligence"

CONFIG="$OUT/only-secrets.toml"
only_checks "$BIN" secrets > "$CONFIG"

# 20 regexes in the spirit of the rules (gitleaks-style), for the rg floor.
PATTERNS="$OUT/patterns.txt"
cat > "$PATTERNS" <<'PAT'
\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b
(?i)aws_?secret_?access_?key['"]?\s*[:=]\s*['"]?[A-Za-z0-9/+]{40}
\bAIza[0-9A-Za-z_-]{35}
\bghp_[A-Za-z0-9]{36}\b
\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b
\bglpat-[A-Za-z0-9_-]{20,}
\bxox[bpe]-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9-]{24,}
hooks\.slack\.com/services/[A-Za-z0-9+/]{43,56}
\bsk_live_[A-Za-z0-9]{24,99}\b
\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}
\bnpm_[A-Za-z0-9]{36}\b
\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}
-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY
\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}
\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?)://[^\s:@/]{1,64}:[^\s:@/]{4,128}@
\bsk-ant-api03-[A-Za-z0-9_-]{93}AA
\bhf_[A-Za-z]{34}\b
\bdop_v1_[a-f0-9]{64}\b
(?i)(?:password|passwd|pwd)[\w.-]{0,20}['"]?\s*[:=]\s*['"][^'"\s]{8,64}['"]
(?i)(?:secret|token|api_?key)[\w.-]{0,20}['"]?\s*[:=]\s*['"][A-Za-z0-9_\-+/=.~]{16,128}['"]
PAT


# time_cmd NAME CMD...: prints "NAME median_seconds peak_rss_mb"
time_cmd() {
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$OUT/time.txt" "$@" > /dev/null 2>"$OUT/stderr.txt" || true
    local t
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/time.txt")
    times+=("$t")
    local r
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
    (( r > rss )) && rss=$r
  done
  printf '%-16s %8.2f s  %6d MB\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" $((rss / 1024))
  printf '%s\n' "${times[@]}" | median > "$OUT/$name.median"
}

TREES=("$@")
if [ ${#TREES[@]} -eq 0 ] && [ -z "${HISTORY_ONLY:-}" ]; then
  TREES=("$PWD" "$(ls -d ~/.cargo/registry/src/*/ | head -1)")
fi

# HISTORY_ONLY=1 skips the working-tree comparisons.
[ -n "${HISTORY_ONLY:-}" ] && TREES=()
for tree in "${TREES[@]}"; do
  files=$(rg --files --hidden --no-follow --glob '!.git' "$tree" | wc -l)
  size=$(du -sh "$tree" | cut -f1)
  echo "== $tree ($files files, $size)"
  time_cmd diligence "$BIN" audit --offline --no-history --quiet --no-target-config --config "$CONFIG" --format json "$tree"
  time_cmd rg rg --hidden --no-follow --glob '!.git' --count-matches -f "$PATTERNS" "$tree"
  d=$(cat "$OUT/diligence.median"); r=$(cat "$OUT/rg.median")
  echo "   diligence / rg = $(awk -v d="$d" -v r="$r" 'BEGIN {printf "%.2f", (r > 0 ? d / r : 0)}')"
  if command -v detect-secrets > /dev/null; then
    (cd "$tree" && RUNS=${DS_RUNS:-1} time_cmd detect-secrets detect-secrets scan --all-files .)
    s=$(cat "$OUT/detect-secrets.median")
    echo "   detect-secrets / diligence = $(awk -v d="$d" -v s="$s" 'BEGIN {printf "%.1f", (d > 0 ? s / d : 0)}')"
  else
    echo "   detect-secrets not installed (pip install detect-secrets)"
  fi
done

# History: a generated repository of $COMMITS commits, each changing one of 200 files, with a
# secret added and removed along the way.
REPO="$OUT/history-repo"
rm -rf "$REPO"; git init -q "$REPO"
python3 - "$COMMITS" > "$OUT/stream" <<'PY'
import sys, random
n = int(sys.argv[1]); random.seed(7)
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
out = sys.stdout.buffer
for i in range(1, n + 1):
    path = f"src/mod{i % 200}/file{i % 37}.py"
    body = "".join(f"def f{i}_{k}(x):\n    return x * {random.randint(1, 999)}\n" for k in range(20))
    if i == n // 3:
        body += "TOKEN = 'ghp_" + "".join(random.choice(alnum) for _ in range(36)) + "'\n"
    data = body.encode()
    msg = f"commit {i}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"committer Bench <bench@example.org> {1700000000 + i} +0000\n".encode())
    out.write(b"data %d\n%s" % (len(msg), msg))
    out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
PY
(cd "$REPO" && git fast-import --quiet < "$OUT/stream" && git checkout -q main)
echo "== history: $COMMITS commits, $(cd "$REPO" && git rev-list --all --objects | wc -l) objects"
RUNS=3 time_cmd history "$BIN" audit --offline --quiet --no-target-config --config "$CONFIG" --format json "$REPO"
"$BIN" audit --offline --quiet --no-target-config --config "$CONFIG" --format json "$REPO" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); c=[c for c in r["checks"] if c["id"]=="secrets"][0]; print("  ", c["summary"])'
