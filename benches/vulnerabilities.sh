#!/usr/bin/env bash
# Benchmark of the `vulnerabilities` check: matching 4,000 locked packages (2,000 crates, 2,000
# npm packages) against a generated local OSV database of ADVISORIES advisories (default 40,000,
# one JSON file each, in crates.io/, npm/ and PyPI/ directories; the PyPI one is not read since
# no dependency is a PyPI package), and against a local OSV API emulator (127.0.0.1) that answers
# `querybatch` and `vulns/{id}` after LATENCY_MS (default 150 ms), cold and warm cache.
#
# Each figure is the wall time of a whole audit with the other checks disabled: compare with the
# first line (the same audit parsing the lockfiles, without the check) for the check's own cost.
#
# Usage: benches/vulnerabilities.sh          (needs python3)
# Output: one line per figure; work files under bench-out/vulnerabilities/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench-out/vulnerabilities"
ADVISORIES=${ADVISORIES:-40000}
LATENCY_MS=${LATENCY_MS:-150}
rm -rf "$OUT" && mkdir -p "$OUT"

cargo build --release --quiet --bin diligence
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/diligence"
cp "$BIN" "$OUT/diligence"   # a private copy: a shared target dir may be rebuilt meanwhile
BIN="$OUT/diligence"

python3 - "$OUT" "$ADVISORIES" <<'PY'
import json, os, sys, random
out, n_adv = sys.argv[1], int(sys.argv[2])
random.seed(9)
tree = os.path.join(out, "tree"); os.makedirs(tree)
db = os.path.join(out, "db")
crates = [f"crate{i:04d}" for i in range(2000)]
npms = [f"npm{i:04d}" for i in range(2000)]
lock = ["version = 3", ""]
for c in crates:
    lock += ["[[package]]", f'name = "{c}"', 'version = "1.2.3"',
             'source = "registry+https://github.com/rust-lang/crates.io-index"',
             f'checksum = "{random.getrandbits(256):064x}"', ""]
lock += ["[[package]]", 'name = "bench"', 'version = "0.1.0"', "dependencies = ["]
lock += [f' "{c}",' for c in crates] + ["]"]
open(os.path.join(tree, "Cargo.lock"), "w").write("\n".join(lock) + "\n")
open(os.path.join(tree, "Cargo.toml"), "w").write('[package]\nname = "bench"\nversion = "0.1.0"\n')
web = os.path.join(tree, "web"); os.makedirs(web)
pkgs = {"": {"name": "web", "version": "1.0.0", "dependencies": {p: "^1.0.0" for p in npms}}}
for p in npms:
    pkgs[f"node_modules/{p}"] = {"version": "1.2.3", "license": "MIT"}
json.dump({"name": "web", "version": "1.0.0", "lockfileVersion": 3, "packages": pkgs},
          open(os.path.join(web, "package-lock.json"), "w"))
json.dump({"name": "web", "version": "1.0.0", "dependencies": {p: "^1.0.0" for p in npms}},
          open(os.path.join(web, "package.json"), "w"))
answers = {}
for k in range(n_adv):
    eco = ("crates.io", "npm", "PyPI")[k % 3]
    used = crates if eco == "crates.io" else npms if eco == "npm" else None
    # One advisory in ten is about a package in use; half of those affect 1.2.3.
    if used and k % 10 == 0:
        name = random.choice(used)
    else:
        name = f"other{k}"
    fixed = "1.3.0" if k % 20 == 0 else "1.0.1"
    adv = {"schema_version": "1.6.0", "id": f"BENCH-{k:06d}", "modified": "2024-01-01T00:00:00Z",
           "aliases": [f"CVE-2024-{k:05d}"], "summary": f"Advisory {k}",
           "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
           "affected": [{"package": {"ecosystem": eco, "name": name},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]}
    d = os.path.join(db, eco); os.makedirs(d, exist_ok=True)
    json.dump(adv, open(os.path.join(d, adv["id"] + ".json"), "w"))
    if used and name in used and fixed == "1.3.0":
        answers.setdefault((eco, name), []).append(adv)
json.dump({f"{e}\t{n}": v for (e, n), v in answers.items()}, open(os.path.join(out, "answers.json"), "w"))
PY

cat > "$OUT/osv.py" <<'PY'
import http.server, json, sys, time
answers = {tuple(k.split("\t")): v for k, v in json.load(open(sys.argv[1])).items()}
by_id = {a["id"]: a for v in answers.values() for a in v}
latency = float(sys.argv[2]) / 1000
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def reply(self, code, body):
        self.send_response(code); self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/json"); self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(latency)
        res = [{"vulns": [{"id": a["id"]} for a in answers.get((q["package"]["ecosystem"], q["package"]["name"]), [])]}
               for q in req["queries"]]
        self.reply(200, json.dumps({"results": res}).encode())
    def do_GET(self):
        time.sleep(latency)
        a = by_id.get(self.path.rsplit("/", 1)[-1])
        self.reply(200, json.dumps(a).encode()) if a else self.reply(404, b"{}")
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$OUT/osv.py" "$OUT/answers.json" "$LATENCY_MS" > "$OUT/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$OUT/port" ] && break; sleep 0.1; done
PORT=$(cat "$OUT/port")

only() {  # a config with every check but `vulnerabilities` off; every registry on the emulator
  local f="$OUT/$1.toml"
  printf '[osv]\nurl = "http://127.0.0.1:%s"\n[registries]\n' "$PORT" > "$f"
  for r in crates_io npm pypi go maven rubygems packagist nuget; do
    printf '%s = "http://127.0.0.1:%s/%s"\n' "$r" "$PORT" "$r" >> "$f"
  done
  for c in secrets licenses tests ci documentation team; do printf '[checks.%s]\nenabled = false\n' "$c" >> "$f"; done
  # The baseline keeps `dependencies` (offline: it only parses the lockfiles, as the
  # vulnerabilities check needs); the other runs keep `vulnerabilities` alone.
  if [ "$2" = off ]; then printf '[checks.vulnerabilities]\nenabled = false\n' >> "$f";
  else printf '[checks.dependencies]\nenabled = false\n' >> "$f"; fi
  echo "$f"
}
now() { date +%s.%N; }
run() {  # label, extra args...
  local label=$1; shift
  local t0 t1; t0=$(now)
  "$BIN" audit --quiet --no-target-config --format json -o "$OUT/$label.json" "$@" "$OUT/tree" || true
  t1=$(now)
  printf '%-44s %6.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}
DB_FILES=$(find "$OUT/db" -name '*.json' | wc -l)
echo "locked packages: 4000; local database: $DB_FILES advisory files; API latency ${LATENCY_MS} ms"
run "lockfiles parsed, vulnerabilities disabled" --offline --config "$(only off off)"
run "local database (--osv-db)" --offline --osv-db "$OUT/db" --config "$(only on on)"
run "local database, second run (page cache warm)" --offline --osv-db "$OUT/db" --config "$(only on on)"
run "API emulator, cold cache" --cache-dir "$OUT/cache" --config "$(only on on)"
run "API emulator, warm cache" --cache-dir "$OUT/cache" --config "$(only on on)"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
for label in ["local database (--osv-db)", "API emulator, cold cache"]:
    r = json.load(open(f"{out}/{label}.json"))
    c = [c for c in r["checks"] if c["id"] == "vulnerabilities"][0]
    print(f"  {label}: {c['summary']}")
PY
