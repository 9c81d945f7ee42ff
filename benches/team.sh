#!/usr/bin/env bash
# Benchmark of the `team` check: a generated repository with 50,000 commits over 5,000 files
# (git fast-import; one commit in 250 moves a file with an edit, so that rename tracking by
# similarity has work to do), audited by the release binary with every other check disabled.
# Target: under 30 s on 2 cores.
#
# Usage: benches/team.sh [COMMITS] [FILES] [RUNS]
# Output goes to $BENCH_OUT (default: bench-out/team under the repository root).
# DILIGENCE_BIN=path times that binary instead of building the release one (to compare two).
set -euo pipefail

COMMITS=${1:-50000}
FILES=${2:-5000}
RUNS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-out/team}
REPO=$OUT/repo-$COMMITS-$FILES
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$CARGO_TARGET_DIR/release/diligence

git_() {
    git -c core.hooksPath=/dev/null -c init.defaultBranch=main -c commit.gpgsign=false "$@"
}

mkdir -p "$OUT"
if [ -n "${DILIGENCE_BIN:-}" ]; then
    BIN=$DILIGENCE_BIN
else
    (cd "$ROOT" && cargo build --release --quiet)
fi

if [ ! -d "$REPO/.git" ]; then
    echo "generating $COMMITS commits over $FILES files in $REPO" >&2
    rm -rf "$REPO"
    mkdir -p "$REPO"
    git_ -C "$REPO" init -q
    start=$(date +%s)
    python3 - "$COMMITS" "$FILES" <<'PY' | git_ -C "$REPO" fast-import --quiet
import random, sys

commits, files = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(42)
out = sys.stdout.buffer
humans = [(f"Dev {i:02}", f"dev{i:02}@example.com") for i in range(25)]
aliases = {0: ("dev00", "DEV00@example.com"), 1: ("Dev 01", "dev01@home.example")}
bots = [("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com")]
dirs = 20
owner_of_dir = [rng.randrange(len(humans)) for _ in range(dirs)]

moved = {}
def path(i):
    return moved.get(i) or f"src/mod{i % dirs:02}/sub{(i // dirs) % 5}/file{i:05}.rs"

revision = {}
def blob(i):
    revision[i] = revision.get(i, 0) + 1
    body = "".join(f"pub fn f{i}_{k}() -> u32 {{ {k} }}\n" for k in range(8))
    data = f"// file {i} revision {revision[i]}\n{body}pub fn f{i}() -> u32 {{ {revision[i]} }}\n".encode()
    return b"M 100644 inline " + path(i).encode() + b"\ndata %d\n" % len(data) + data + b"\n"

def move(i, c):
    # A move with an edit: the new revision shares most lines with the old one.
    old = path(i)
    moved[i] = f"src/moved{c % 7}/file{i:05}_{c}.rs"
    return b"D " + old.encode() + b"\n" + blob(i)

t0 = 1622505600  # 2021-06-01
step = (5 * 365 * 86400) // commits
mark = 0
created = 0
main_mark = None

def who(i, c):
    r = rng.random()
    if r < 0.03:
        return bots[c % 2]
    if r < 0.75 and i is not None:
        h = owner_of_dir[i % dirs]
    else:
        h = rng.randrange(len(humans))
    if h in aliases and rng.random() < 0.3:
        return aliases[h]
    return humans[h]

def commit(ref, author, when, msg, body, parents):
    global mark
    mark += 1
    name, email = author
    m = msg.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(f"author {name} <{email}> {when} +0000\n".encode())
    out.write(f"committer {name} <{email}> {when} +0000\n".encode())
    out.write(b"data %d\n%s\n" % (len(m), m))
    for i, p in enumerate(parents):
        out.write(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
    out.write(body)
    out.write(b"\n")
    return mark

# The first commit imports a tenth of the files.
first = files // 10
body = b"".join(blob(i) for i in range(first))
created = first
main_mark = commit("refs/heads/main", humans[0], t0, "Initial import", body, [])
per_commit_new = (files - first) / max(1, commits - 1)
debt = 0.0
for c in range(1, commits):
    when = t0 + c * step
    debt += per_commit_new
    body = b""
    target = None
    while debt >= 1 and created < files:
        body += blob(created)
        target = created
        created += 1
        debt -= 1
    if c % 250 == 0:
        i = rng.randrange(created)
        body += move(i, c)
        target = i if target is None else target
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(created)
        body += blob(i)
        target = i if target is None else target
    author = who(target, c)
    if c % 100 == 0:
        # A topic branch and its merge.
        topic = commit("refs/heads/topic", author, when, f"Topic change {c}", body, [main_mark])
        main_mark = commit("refs/heads/main", humans[rng.randrange(len(humans))], when + 60,
                           f"Merge pull request #{c} from topic", body, [main_mark, topic])
    else:
        msg = f"Change {c} (#{c})" if c % 7 == 0 else f"Change {c}"
        main_mark = commit("refs/heads/main", author, when, msg, body, [main_mark])
    if c % 1000 == 0:
        out.write(b"reset refs/tags/v%d.%d.0\nfrom :%d\n\n" % (c // 10000, (c // 1000) % 10, main_mark))
PY
    git_ -C "$REPO" checkout -q -f main
    git_ -C "$REPO" branch -q -D topic || true
    echo "generated in $(( $(date +%s) - start )) s" >&2
fi

echo "repository: $(git -C "$REPO" rev-list --count HEAD) commits, $(git -C "$REPO" ls-files | wc -l) files, $(du -sh "$REPO/.git" | cut -f1) in .git" >&2

# A configuration with only `team` enabled, whatever checks the registry holds.
CONFIG=$OUT/team-only.toml
"$BIN" checks --format json | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    cid = c["id"]
    if cid != "team":
        print(f"[checks.{cid}]\nenabled = false\n")
' > "$CONFIG"

echo "cores: $(nproc)" >&2
for run in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
        "$BIN" audit "$REPO" --offline --quiet --config "$CONFIG" --format json -o "$OUT/report.json"
done
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = next(c for c in r["checks"] if c["id"] == "team")
print("team:", t["status"], t["score"], "-", t["summary"])
print("checks run:", [c["id"] for c in r["checks"]])
' "$OUT/report.json"
