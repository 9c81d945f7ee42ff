"""Prints the real-repository suite's facts against the hand-made expectations.

Usage: python3 compare.py SUITE_DIR REPORTS_DIR
  SUITE_DIR    benches/real-repos (repos.toml, expected/, red-flags.tsv)
  REPORTS_DIR  one <name>.json report per repository, and times.tsv (name, seconds, peak KiB)

Each fact is printed as expected / audited, with `ok` or `MISS`:
  licence      the project's SPDX expression (operand order of OR/AND ignored), and the
               distribution model (library, cli, web-app, …)
  ci           whether a CI pipeline runs the tests
  tests        test cases per language, within 10 %
  deps         packages per lockfile (distinct name and version), exact
  active       people active in the 90 days before the last commit (within 20 %: the
               expectation counts by committer date, the audit by author date)
  key people   the bus-factor people still active (the hand list less its departed people):
               Jaccard overlap of the names at least 0.5; n/a when every hand-listed main
               author has left (their knowledge is already lost)
  secrets      findings counted in the score against the real credentials
Then each repository's grade and its top five red flags, each with the verdict in
red-flags.tsv (repo, check, rule, path, verdict, note), or `unlabelled`.
"""

import json
import os
import re
import sys
import tomllib

SEVERITY = ["critical", "high", "medium", "low", "info"]


def norm_expr(expr):
    if not expr:
        return None
    parts = re.split(r"\s+(OR|AND)\s+", expr.strip())
    ops = set(parts[1::2])
    return (tuple(sorted(ops)), tuple(sorted(parts[0::2])))


def lang_match(expected_lang, per_language):
    want = expected_lang.lower()
    for entry in per_language:
        names = [n.strip().lower() for n in re.split(r"[/,]", entry["language"])]
        if want in names or want == entry["language"].lower():
            return entry
    return None


def red_flags(report):
    flags = []
    for c in report["checks"]:
        for f in c["findings"]:
            if f.get("suppressed") or f["severity"] not in ("critical", "high"):
                continue
            flags.append((SEVERITY.index(f["severity"]), c["id"], f))
    flags.sort(key=lambda x: x[0])
    return flags[:5]


def main():
    suite, reports = sys.argv[1], sys.argv[2]
    repos = tomllib.load(open(os.path.join(suite, "repos.toml"), "rb"))["repo"]
    labels = {}
    path = os.path.join(suite, "red-flags.tsv")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            labels[tuple(cols[:4])] = (cols[4], cols[5] if len(cols) > 5 else "")
    times = {}
    tpath = os.path.join(reports, "times.tsv")
    if os.path.exists(tpath):
        for line in open(tpath):
            name, rest = line.rstrip("\n").split("\t")
            secs, kib = rest.split()
            times[name] = (float(secs), int(kib))

    totals = {k: [0, 0] for k in ("licence", "distribution", "ci", "tests", "deps", "active", "key people")}
    rows = []
    flag_rows = []
    for repo in repos:
        name = repo["name"]
        rpath = os.path.join(reports, name + ".json")
        exp = tomllib.load(open(os.path.join(suite, "expected", name + ".toml"), "rb"))
        if not os.path.exists(rpath):
            rows.append((name, "no report", "", "", "", "", "", ""))
            continue
        r = json.load(open(rpath))
        inv = r["inventory"]

        def mark(key, ok):
            totals[key][1] += 1
            totals[key][0] += int(ok)
            return "ok" if ok else "MISS"

        lic = inv["licenses"].get("project")
        lic_cell = f"{exp['license']} / {lic} {mark('licence', norm_expr(lic) == norm_expr(exp['license']))}"
        dist = (inv["licenses"].get("distribution") or {}).get("model")
        lic_cell += f"; {exp['distribution']} / {dist} {mark('distribution', dist == exp['distribution'])}"

        ci = any(c.get("runs_tests") for c in inv.get("ci", []))
        ci_cell = f"{str(exp['ci_runs_tests']).lower()} / {str(ci).lower()} {mark('ci', ci == exp['ci_runs_tests'])}"

        per_lang = inv["tests"].get("per_language", [])
        test_cells = []
        tests_ok = True
        for lang, want in exp.get("tests", {}).items():
            got_entry = lang_match(lang, per_lang)
            got = (got_entry or {}).get("test_cases") or 0
            ok = abs(got - want) <= 0.1 * want
            tests_ok &= ok
            test_cells.append(f"{lang} {want}/{got}")
        if not exp.get("tests"):
            counted = sum((e.get("test_cases") or 0) for e in per_lang)
            tests_ok = counted == 0
            test_cells.append(f"none/{counted}")
        tests_cell = ", ".join(test_cells) + " " + mark("tests", tests_ok)

        by_manifest = {}
        for d in inv.get("dependencies", []):
            by_manifest.setdefault(d["manifest"], set()).add((d["name"], d["version"]))
        exp_deps = exp.get("dependencies", {})
        dep_cells = []
        deps_ok = True
        for lock, want in exp_deps.items():
            got = len(by_manifest.get(lock, ()))
            deps_ok &= got == want
            dep_cells.append(f"{lock} {want}/{got}")
        # A requirements file with a version that is not an exact pin is a manifest, not a lock.
        def pinned(m):
            return all(v and v[0].isdigit() for _, v in by_manifest[m])
        extra = sorted(m for m in by_manifest if m not in exp_deps and not m.endswith(
            ("Cargo.toml", "package.json", "pyproject.toml", "go.mod", "pom.xml", "Gemfile",
             "composer.json", ".csproj", "build.gradle", "build.gradle.kts", ".gemspec",
             "setup.py", "setup.cfg", "Pipfile", "libs.versions.toml"))
            and not (m.endswith((".txt", ".in")) and not pinned(m)))
        if extra:
            deps_ok = False
            dep_cells.append("also " + ", ".join(f"{m} {len(by_manifest[m])}" for m in extra[:3]))
        deps_cell = ("; ".join(dep_cells) or "none") + " " + mark("deps", deps_ok)

        team = inv.get("team") or {}
        want_active = exp["team"]["active_90d"]
        got_active = team.get("active_90d")
        active_ok = got_active is not None and abs(got_active - want_active) <= max(1, 0.2 * want_active)
        active_cell = f"{want_active}/{got_active} {mark('active', active_ok)}"
        got_keys = ((team.get("bus_factor") or {}).get("key_people")) or []
        departed = exp["team"].get("departed_key_people", [])
        want_keys = [k for k in exp["team"]["key_people"] if k not in departed]
        if want_keys:
            overlap = len(set(want_keys) & set(got_keys))
            union = len(set(want_keys) | set(got_keys)) or 1
            key_cell = f"{', '.join(want_keys)} / {', '.join(got_keys) or '–'} {mark('key people', overlap / union >= 0.5)}"
        else:
            # Every main author by hand has left: their knowledge is already lost, and the hand
            # list says nothing about who among the active people holds the rest.
            key_cell = f"(all departed: {', '.join(departed)}) / {', '.join(got_keys) or '–'} n/a"

        secrets = next((c for c in r["checks"] if c["id"] == "secrets"), None)
        # What the check counts: product findings of medium or high confidence, not suppressed.
        counted = [f for f in (secrets or {}).get("findings", [])
                   if not f.get("suppressed") and not f.get("role")
                   and f.get("confidence", "medium") in ("high", "medium")]
        secrets_cell = f"{len(exp['secrets']['real'])}/{len(counted)} counted, {len((secrets or {}).get('findings', []))} listed"

        rows.append((name, lic_cell, ci_cell, tests_cell, deps_cell, active_cell, key_cell, secrets_cell))
        grade = f"{r['score']['grade']} {r['score']['overall']}"
        flags = []
        for _, check, f in red_flags(r):
            key = (name, check, f["rule"], f.get("path") or "-")
            verdict, note = labels.get(key, ("unlabelled", ""))
            role = f" [{f['role']}]" if f.get("role") else ""
            where = f" {f['path']}" if f.get("path") else ""
            flags.append(f"    {f['severity']:8} {check}/{f['rule']}{where}{role}: {verdict}{' — ' + note if note else ''}")
        t = times.get(name)
        flag_rows.append((name, grade, t, flags))

    heads = ("repo", "licence; distribution exp/got", "CI runs tests", "tests exp/got", "deps exp/got",
             "active 90d", "key people", "secrets real/counted")
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("Right: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in totals.items()))
    print()
    for name, grade, t, flags in flag_rows:
        timing = f" ({t[0]:.2f} s, {t[1] / 1024:.0f} MiB)" if t else ""
        print(f"{name}: {grade}{timing}")
        print("\n".join(flags) if flags else "    no red flag")
    if times:
        total = sum(s for s, _ in times.values())
        peak = max(k for _, k in times.values())
        print(f"\nTotal audit time {total:.1f} s; highest peak RSS {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
