#!/usr/bin/env bash
# Precision of the secrets check on real repositories, against hand labels.
#
#   benches/secrets_precision.sh SUITE_DIR [BIN]
#
# SUITE_DIR holds one clone per repository (the labels in benches/real-repos/secrets-labels.tsv
# name them by folder name). Each is audited with only the secrets check (working tree and history, offline); every finding
# is matched to its label by (repo, rule, path, line, fingerprint). Labels: live (a credential
# that is or plausibly was live), test, docs-example, not-a-secret, vendored. Prints, per
# repository, per rule and per label: findings, the ones that count in the score, and the
# share of each label; then the two figures the check is held to:
#   - precision of the counted findings: counted findings labelled live / counted findings;
#   - noise: findings labelled not-a-secret / all findings.
# Findings without a label and labels without a finding are listed (the labels are stale).
# BIN defaults to the debug build (facts do not depend on the profile). Nothing is written inside
# the audited trees.
set -euo pipefail
cd "$(dirname "$0")/.."
SUITE=${1:?usage: benches/secrets_precision.sh SUITE_DIR [BIN]}
BIN=${2:-${CARGO_TARGET_DIR:-target}/debug/diligence}
LABELS=benches/real-repos/secrets-labels.tsv
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
source benches/common.sh
only_checks "$BIN" secrets > "$OUT/only-secrets.toml"
for dir in "$SUITE"/*/; do
  repo=$(basename "$dir")
  "$BIN" audit "$SUITE/$repo" --offline --quiet --no-target-config --config "$OUT/only-secrets.toml" \
    --format json -o "$OUT/$repo.json" || true
done
python3 - "$LABELS" "$OUT" <<'PY'
import json, os, sys
from collections import Counter, defaultdict
labels_path, out = sys.argv[1], sys.argv[2]
labels = {}
for line in open(labels_path):
    if line.startswith('#') or not line.strip():
        continue
    repo, rule, path, ln, fp, label = line.rstrip('\n').split('\t')
    labels[(repo, rule, path, ln, fp)] = label
LABELS = ['live', 'test', 'docs-example', 'not-a-secret', 'vendored']
rows = []  # (repo, rule, label, counted)
unlabelled, seen, audited = [], set(), []
for name in sorted(os.listdir(out)):
    if not name.endswith('.json'):
        continue
    repo = name[:-5]
    audited.append(repo)
    report = json.load(open(os.path.join(out, name)))
    check = next(c for c in report['checks'] if c['id'] == 'secrets')
    for f in check['findings']:
        key = (repo, f['rule'], f.get('path') or '', str(f.get('line') or 0), f['fingerprint'])
        label = labels.get(key)
        if label is None:
            unlabelled.append(key)
            label = 'unlabelled'
        seen.add(key)
        counted = (f['severity'] != 'info' and 'listed apart' not in f['message']
                   and not f.get('suppressed') and not f.get('role'))
        rows.append((repo, f['rule'], label, counted))

def table(title, key, keys=()):
    groups = defaultdict(list)
    for k in keys:
        groups[k] = []
    for r in rows:
        groups[key(r)].append(r)
    print(f"\n{title:<34} {'found':>5} {'count':>5} {'live':>5} {'test':>5} {'docs':>5} {'notsec':>6} {'vend':>5} {'prec':>6}")
    for k in sorted(groups):
        g = groups[k]
        c = Counter(r[2] for r in g)
        counted = [r for r in g if r[3]]
        live = sum(1 for r in counted if r[2] == 'live')
        prec = f"{live / len(counted):.0%}" if counted else '-'
        print(f"{k:<34} {len(g):>5} {len(counted):>5} {c['live']:>5} {c['test']:>5} {c['docs-example']:>5} "
              f"{c['not-a-secret']:>6} {c['vendored']:>5} {prec:>6}")

table('repository', lambda r: r[0], audited)
table('rule', lambda r: r[1])
table('label', lambda r: r[2])
counted = [r for r in rows if r[3]]
live = sum(1 for r in counted if r[2] == 'live')
noise = sum(1 for r in rows if r[2] == 'not-a-secret')
print(f"\nfindings: {len(rows)}; counted in the score: {len(counted)}")
print(f"precision of counted findings (live / counted): "
      + (f"{live}/{len(counted)} = {live / len(counted):.0%}" if counted else "no counted finding"))
print(f"not-a-secret share of all findings: {noise}/{len(rows)} = " + (f"{noise / len(rows):.1%}" if rows else "-"))
for k in unlabelled:
    print('unlabelled:', '\t'.join(k))
for k in sorted(set(labels) - seen):
    print('label without a finding:', '\t'.join(k))
PY
