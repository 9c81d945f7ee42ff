#!/usr/bin/env bash
# Truck factors of public systems beside the values published by the study that introduced the
# degree-of-authorship truck factor:
#
#   G. Avelino, M. T. Valente, A. Hora. "What is the Truck Factor of popular GitHub applications?
#   A first assessment." PeerJ PrePrints 3:e1511 (2015), the list of 133 systems published with it
#   (github.com/aserg-ufmg/Truck-Factor, "This list presents the Truck Factors (TF) we
#   calculated"), revised as G. Avelino, L. Passos, A. Hora, M. T. Valente. "A Novel Approach for
#   Estimating Truck Factors." ICPC 2016.
#
# The values below are those of the published list. The study does not publish the commit it
# analysed: each system is checked out at its last commit before 2015-06-01 (the study's data
# were collected in mid-2015). The published list names no key people, so only ours are printed.
# The ICPC 2016 paper's table may differ from the list for a few systems; where it does, the list
# is what this script compares with.
#
# Two of our figures are printed:
#   - `all`: the study's definition, every author whether still active or not
#     (`inventory.team.bus_factor_all_authors`), over the files the audit counts (product code
#     and manifests; the study counted every file except documentation, vendored and generated
#     ones, tests included);
#   - `active`: the audit's bus factor, people active in the year before the last commit, over the
#     files they still know (`inventory.team.bus_factor`).
#
# Usage: benches/truck_factor.sh [SYSTEM...]
#   TF_REPOS   a directory of git clones, one per system, named after the repository
#              (`d3`, `flask`, …; `owner+name` also works); missing ones are cloned from GitHub
#   BENCH_OUT  where snapshots and reports go (default: bench-out/truck-factor)
#   DILIGENCE_BIN  a diligence binary to use instead of building the release one
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-out/truck-factor}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SNAPSHOT_BEFORE=${SNAPSHOT_BEFORE:-2015-06-01}
mkdir -p "$OUT"
cd "$ROOT"
# shellcheck source=benches/common.sh
source benches/common.sh

# system in the study | repository today | published truck factor
SYSTEMS="
mbostock/d3             d3/d3                1
mitsuhiko/flask         pallets/flask        1
strongloop/express      expressjs/express    1
gruntjs/grunt           gruntjs/grunt        1
janl/mustache.js        janl/mustache.js     1
jrburke/requirejs       requirejs/requirejs  1
sstephenson/sprockets   rails/sprockets      1
erikhuda/thor           rails/thor           1
less/less.js            less/less.js         1
jashkenas/backbone      jashkenas/backbone   2
moment/moment           moment/moment        2
xetorthio/jedis         redis/jedis          2
haml/haml               haml/haml            2
thumbor/thumbor         thumbor/thumbor      2
jquery/jquery           jquery/jquery        3
spotify/luigi           spotify/luigi        3
boto/boto               boto/boto            3
Shopify/active_merchant activemerchant/active_merchant 3
Seldaek/monolog         Seldaek/monolog      8
"
# Left out: resque/resque (5). Its default branch today descends from 1-x-stable, not from the
# 2015 master the study measured, so its mid-2015 snapshot cannot be rebuilt from it.

git_() {
    git -c core.hooksPath=/dev/null -c advice.detachedHead=false "$@"
}

BIN="$OUT/diligence"
if [ -n "${DILIGENCE_BIN:-}" ]; then
    cp "$DILIGENCE_BIN" "$BIN"
else
    private_binary "$OUT"
fi
CONFIG="$OUT/team-only.toml"
only_checks "$BIN" team > "$CONFIG"

source_of() { # repository today → a local clone or the GitHub URL
    local repo=$1 name=${1#*/} dir
    for dir in "${TF_REPOS:-}/$name" "${TF_REPOS:-}/${repo/\//+}"; do
        if [ -n "${TF_REPOS:-}" ] && [ -d "$dir" ]; then
            echo "$dir"
            return
        fi
    done
    echo "https://github.com/$repo.git"
}

DATA="$ROOT/benches/truck-factor"
ROWS="$OUT/rows.tsv"
: > "$ROWS"
while read -r study repo published; do
    [ -n "$study" ] || continue
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF -e "$study" -e "$repo" -e "${repo#*/}"; then
        continue
    fi
    work="$OUT/${repo/\//+}"
    if [ ! -d "$work/.git" ]; then
        git_ clone -q --no-checkout "$(source_of "$repo")" "$work"
    fi
    # The default branch as it stood at the snapshot date: the last commit before it on the
    # branch's own (first-parent) line. Without --first-parent, a project merged into the branch
    # years later (haml merged hamlit in 2022) can give a commit of the other project. After a
    # first run, HEAD is that commit already.
    commit=$(git_ -C "$work" rev-list -1 --first-parent --before="$SNAPSHOT_BEFORE" HEAD)
    git_ -C "$work" checkout -q -f "$commit"
    git_ -C "$work" clean -q -fdx
    report="$OUT/${repo/\//+}.json"
    "$BIN" audit "$work" --offline --quiet --config "$CONFIG" --format json -o "$report"
    printf '%s\t%s\t%s\t%s\n' "$study" "$published" "$(git_ -C "$work" log -1 --format=%cs)" \
        "$report" >> "$ROWS"
done <<< "$SYSTEMS"

python3 - "$ROWS" "$DATA/key-people.tsv" "$DATA/aliases.tsv" <<'PY' | tee "$OUT/table.txt"
import json, re, sys, unicodedata

def norm(name):
    """A name without case, accents, spaces or punctuation."""
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name.casefold() if c.isalnum())

def rows(path):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")

published_people, aliases = {}, {}
for system, url, issue_tf, names in rows(sys.argv[2]):
    published_people[system] = (url, int(issue_tf), [n.strip() for n in names.split(";")])
for system, name, git_name, _why in rows(sys.argv[3]):
    aliases.setdefault(system, {})[norm(name)] = norm(git_name)

def published_persons(system, names):
    """One set of normalized names per person; names the alias table joins are one person."""
    persons = []
    for name in names:
        parts = [name] + re.findall(r"\(([^)]*)\)", name)
        parts[0] = re.sub(r"\s*\([^)]*\)", "", name)
        keys = {norm(p) for p in parts} | {norm(name)}
        keys |= {aliases.get(system, {}).get(k) for k in keys} - {None}
        for person in persons:
            if person & keys:
                person |= keys
                break
        else:
            persons.append(keys)
    return persons

def jaccard(published, ours):
    """ours: one set of normalized names per key person."""
    if not published and not ours:
        return 1.0
    matched = sum(any(p & o for o in ours) for p in published)
    return matched / (len(published) + len(ours) - matched)

print(f"{'system':<24} {'snapshot':<10} {'TF':>3} {'ours':>4} {'diff':>4} {'active':>6} "
      f"{'J':>5} {'J@TF':>5}")
results = []
for study, published, date, report in rows(sys.argv[1]):
    published = int(published)
    team = json.load(open(report))["inventory"]["team"]
    every = team.get("bus_factor_all_authors") or {}
    active = team.get("bus_factor") or {}
    ours = every.get("value", 0)
    key = every.get("key_people", [])
    merged = {c["name"]: c.get("aliases", []) for c in team.get("contributors", [])}
    our_persons = [{norm(n)} | {norm(a.split(" <")[0]) for a in merged.get(n, [])} for n in key]
    line = (f"{study:<24} {date:<10} {published:>3} {ours:>4} {ours - published:>+4} "
            f"{active.get('value', '-'):>6}")
    if study in published_people:
        url, issue_tf, names = published_people[study]
        persons = published_persons(study, names)
        j, j_tf = jaccard(persons, our_persons), jaccard(persons[:published], our_persons)
        print(f"{line} {j:>5.2f} {j_tf:>5.2f}")
        print(f"    published ({issue_tf}, {url}): {'; '.join(names)}")
    else:
        j = j_tf = None
        print(f"{line} {'-':>5} {'-':>5}")
    print(f"    ours: {'; '.join(key)}")
    results.append((ours - published, j, j_tf))

if results:
    n = len(results)
    exact = sum(d == 0 for d, _, _ in results)
    within = sum(abs(d) <= 1 for d, _, _ in results)
    js = [j for _, j, _ in results if j is not None]
    jts = [j for _, _, j in results if j is not None]
    print(f"\n{n} systems: exact {exact} ({exact / n:.0%}), within one {within} ({within / n:.0%})")
    if js:
        print(f"key people, {len(js)} systems with published names: mean Jaccard {sum(js) / len(js):.2f} "
              f"(all names of the issue), {sum(jts) / len(jts):.2f} (its first TF people, TF of the list)")
PY
