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
# The truck factors below are those of the published list. The study does not publish the commit
# it analysed: each system is checked out at the last commit before 2015-06-01 on its default
# branch's first-parent line (the study's data were collected in mid-2015). The ICPC 2016 paper's
# table may differ from the list for a few systems; where it does, the list is what this script
# compares with.
#
# Key people: the list names none. In August 2015 the study's first author opened an issue
# "<system> Truck Factor" in most of the studied repositories, naming "the developers responsible
# for this TF"; benches/truck-factor/key-people.tsv holds those names with each issue's URL, and
# benches/truck-factor/aliases.tsv the names that are not those of a git identity (each one
# explained). The truck factor stated in an issue is often higher than the list's (the list was
# revised later), so two overlaps are printed: Jaccard against every name of the issue (`J`), and
# against its first names, as many as the list's truck factor (`J@TF`; the issue orders them by
# files authored, as the greedy removal does). People are compared with aliases merged on both
# sides: the audit's merged identities, names without case, accents, spaces or punctuation, a
# "Name (other)" entry, and the alias table.
#
# Our figures, every author whether still active or not (the study's definition):
#   - study file set (`inventory.team.bus_factor_study`): files of a programming or markup
#     language, tests and test data included, not documentation, examples, vendored or generated;
#     what the study counted (GitHub Linguist's language breakdown);
#   - product file set (`inventory.team.bus_factor_all_authors`): the files the audit counts,
#     product code and manifests;
# and `active`, the audit's own bus factor: people active in the year before the last commit,
# over the files they still know (`inventory.team.bus_factor`).
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
    # years later (haml merged hamlit in 2022) can give a commit of the other project. boto's
    # first-parent line today holds only release merges, so its snapshot is release 2.38.0
    # (2015-04-09); the product figure is the same at its last commit before June (3). After a
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

published_people, alias_pairs = {}, {}
for system, url, issue_tf, names in rows(sys.argv[2]):
    published_people[system] = (url, int(issue_tf), [n.strip() for n in names.split(";")])
for system, name, git_name, _why in rows(sys.argv[3]):
    alias_pairs.setdefault(system, []).append((norm(name), norm(git_name)))

def same_person(system):
    """The person a normalized name belongs to, by the system's alias table (union-find)."""
    parent = {}
    def root(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k
    for a, b in alias_pairs.get(system, []):
        parent[root(a)] = root(b)
    return root

def persons_of(system, name_lists):
    """One set of people (alias-table roots) per entry; entries sharing a root are merged."""
    root = same_person(system)
    persons = []
    for names in name_lists:
        keys = {root(norm(n)) for n in names}
        for person in persons:
            if person & keys:
                person |= keys
                break
        else:
            persons.append(keys)
    return persons

def published_names(name):
    """'Name (other)' is one person under two names."""
    return [re.sub(r"\s*\([^)]*\)", "", name), name] + re.findall(r"\(([^)]*)\)", name)

def jaccard(published, ours):
    """Both: one set of names per person."""
    if not published and not ours:
        return 1.0
    matched = sum(any(p & o for o in ours) for p in published)
    return matched / (len(published) + len(ours) - matched)

print(f"{'':<24} {'':<10} {'published':>9} | {'study file set':^22} | {'product file set':^22} |")
print(f"{'system':<24} {'snapshot':<10} {'TF':>4} {'iss':>4} | {'TF':>3} {'diff':>4} {'J':>5} {'J@TF':>5}"
      f" | {'TF':>3} {'diff':>4} {'J':>5} {'J@TF':>5} | {'active':>6}")
results = {"study": [], "product": []}
for system, published, date, report in rows(sys.argv[1]):
    published = int(published)
    team = json.load(open(report))["inventory"]["team"]
    merged = {c["name"]: c.get("aliases", []) for c in team.get("contributors", [])}
    url, issue_tf, names = published_people.get(system, (None, None, []))
    persons = persons_of(system, [published_names(n) for n in names])
    line = f"{system:<24} {date:<10} {published:>4} {issue_tf or '-':>4}"
    keys = {}
    for figure, field in (("study", "bus_factor_study"), ("product", "bus_factor_all_authors")):
        bf = team.get(field)
        if bf is None:  # an engine without this figure
            line += f" | {'-':>3} {'':>4} {'':>5} {'':>5}"
            keys[figure] = None
            continue
        ours = bf.get("value", 0)
        keys[figure] = bf.get("key_people", [])
        our_persons = persons_of(system, [[n] + [a.split(" <")[0] for a in merged.get(n, [])]
                                          for n in keys[figure]])
        if url:
            j, j_tf = jaccard(persons, our_persons), jaccard(persons[:published], our_persons)
            line += f" | {ours:>3} {ours - published:>+4} {j:>5.2f} {j_tf:>5.2f}"
        else:
            j = j_tf = None
            line += f" | {ours:>3} {ours - published:>+4} {'-':>5} {'-':>5}"
        results[figure].append((ours - published, None if issue_tf is None else ours - issue_tf,
                                j, j_tf))
    print(f"{line} | {(team.get('bus_factor') or {}).get('value', '-'):>6}")
    if url:
        print(f"    published ({url}): {'; '.join(names)}")
    if keys["study"] is not None:
        print(f"    ours, study file set: {'; '.join(keys['study'])}")
    if keys["product"] is not None and keys["product"] != keys["study"]:
        print(f"    ours, product file set: {'; '.join(keys['product'])}")

for figure, rs in results.items():
    if not rs:
        continue
    n = len(rs)
    exact = sum(d == 0 for d, _, _, _ in rs)
    within = sum(abs(d) <= 1 for d, _, _, _ in rs)
    issue = [d for _, d, _, _ in rs if d is not None]
    js = [j for _, _, j, _ in rs if j is not None]
    jts = [j for _, _, _, j in rs if j is not None]
    print(f"\n{figure} file set, {n} systems: exact {exact} ({exact / n:.0%}), "
          f"within one {within} ({within / n:.0%}) of the published list")
    if issue:
        print(f"  against the truck factor stated in the issues: exact {sum(d == 0 for d in issue)}, "
              f"within one {sum(abs(d) <= 1 for d in issue)} of {len(issue)}")
    if js:
        print(f"  key people, {len(js)} systems: mean Jaccard {sum(js) / len(js):.2f} (every name "
              f"of the issue), {sum(jts) / len(jts):.2f} (its first names, as many as the list's TF)")
PY
